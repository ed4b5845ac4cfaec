public import SluiceJSON
import SluiceJSONata
public import StatesInterpreter
public import StatesLanguage

/// The JSONata engine of Step Functions for the interpreter: SluiceJSONata with AWS's functions
/// (`$partition`, `$range`, `$hash`, seeded `$random`, `$uuid`, `$parse`; no `$eval`).
///
/// Build one per definition: every `{% … %}` expression of the definition is compiled once, up
/// front; an evaluation then binds only the variables its expression mentions.
public struct StatesJSONataEngine: JSONataEvaluator {
    /// A compiled expression and what it refers to.
    struct Compiled: Sendable {
        let expression: JSONataExpression
        let variables: [String]
        let usesInput: Bool
        /// The members of `$states` the expression reads, when it reads only members.
        let statesMembers: [String]?

        init(_ expression: JSONataExpression) {
            self.expression = expression
            let references = JSONataReferences(expression)
            variables = references.variableNames.sorted()
            usesInput = references.usesInput
            statesMembers = references.statesMembers?.sorted()
        }
    }

    /// Expression text (trimmed, as the interpreter passes it) → compiled form, or the compile
    /// error to report when it is evaluated.
    let table: [String: Result<Compiled, JSONataError>]

    /// An engine with every expression of `definition` compiled.
    public init(definition: StateMachine) {
        var table: [String: Result<Compiled, JSONataError>] = [:]
        for text in DefinitionExpressions.collect(definition) where table[text] == nil {
            do throws(JSONataError) {
                table[text] = .success(Compiled(try JSONataExpression(text)))
            } catch {
                table[text] = .failure(error)
            }
        }
        self.table = table
    }

    /// An engine that compiles each expression when it is evaluated (for single expressions and
    /// tests; prefer `init(definition:)`).
    public init() { table = [:] }

    public func evaluate(_ expression: String, bindings: [String: JSONValue], nowMilliseconds: Int64, seed: UInt64)
        throws(JSONataEvaluationError) -> JSONValue?
    {
        let compiled: Compiled
        switch table[expression] {
        case .success(let c)?: compiled = c
        case .failure(let error)?: throw .failed("\(error.code): \(error.message)")
        case nil:
            do throws(JSONataError) {
                compiled = Compiled(try JSONataExpression(expression))
            } catch {
                throw .failed("\(error.code): \(error.message)")
            }
        }
        var bound: [String: JSONValue] = [:]
        bound.reserveCapacity(compiled.variables.count)
        for name in compiled.variables {
            guard let value = bindings[name] else { continue }
            if name == "states", let members = compiled.statesMembers, case .object(let states) = value {
                // Only what the expression reads: converting the context object costs.
                var subset = JSONObject()
                for member in members { if let v = states[member] { subset.appendUnique(key: member, value: v) } }
                bound[name] = .object(subset)
            } else {
                bound[name] = value
            }
        }
        // `$` is the state's input; AWS refuses definitions that read it at the top level.
        let input = compiled.usesInput ? bindings["states"]?["input"] : nil
        let options = JSONataOptions(nowMilliseconds: Double(nowMilliseconds), randomSeed: seed, awsFunctions: true)
        let result: JSONataResult
        do throws(JSONataError) {
            result = try compiled.expression.evaluateResult(input: input, bindings: bound, options: options)
        } catch {
            throw .failed("\(error.code): \(error.message)")
        }
        switch result {
        case .value(let value): return value
        case .undefined: return nil
        case .function: throw .functionResult
        }
    }
}

extension StatesJSONataEngine {
    /// The expressions compiled up front, sorted (for tests and diagnostics).
    public var compiledExpressions: [String] { table.keys.sorted() }
}
