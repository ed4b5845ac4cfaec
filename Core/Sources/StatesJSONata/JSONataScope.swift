public import SluiceJSON
public import SluiceJSONata
import StatesJSONPath

/// What JSONata-mode expressions of one state can see: `$states` (`input`, `result`,
/// `errorOutput`, `context`) and the variables in scope, with the evaluation options (clock,
/// seed, AWS's function library).
public struct JSONataScope: Sendable {
    /// `$states.input`: the state's input.
    public var input: JSONValue
    /// `$states.result`, where a result exists (Task, Parallel, Map after their work).
    public var result: JSONValue?
    /// `$states.errorOutput`, in a catcher's `Output` and `Assign`.
    public var errorOutput: JSONValue?
    /// `$states.context`: the context object.
    public var context: JSONValue
    /// The variables visible to the state, inner scopes merged over outer ones.
    public var variables: [String: JSONValue]
    /// Clock, seed and limits.
    public var options: JSONataOptions

    public init(
        input: JSONValue, result: JSONValue? = nil, errorOutput: JSONValue? = nil, context: JSONValue,
        variables: [String: JSONValue], options: JSONataOptions
    ) {
        self.input = input
        self.result = result
        self.errorOutput = errorOutput
        self.context = context
        self.variables = variables
        self.options = options
    }

    /// The options Step Functions evaluates with: AWS's functions (`$eval` removed), `$now()` at
    /// `now` (epoch milliseconds) and randomness from `seed`.
    public static func options(now: Int64, seed: UInt64) -> JSONataOptions {
        JSONataOptions(
            nowMilliseconds: Double(now), randomSeed: seed, awsFunctions: true, hostFunctions: hostFunctions)
    }

    /// The `$states` object.
    public var statesObject: JSONValue {
        var states = JSONObject()
        states.reserveCapacity(4)
        states.appendUnique(key: "input", value: input)
        if let result { states.appendUnique(key: "result", value: result) }
        if let errorOutput { states.appendUnique(key: "errorOutput", value: errorOutput) }
        states.appendUnique(key: "context", value: context)
        return .object(states)
    }

    /// AWS functions that need the States Language library: `$hash`.
    static let hostFunctions: [String: JSONataHostFunction] = [
        "hash": JSONataHostFunction(signature: "<ss:s>", arity: 2) { args throws(JSONataError) in
            guard args.count >= 2, let value = args[0], let algorithm = args[1] else { return nil }
            guard let call = hashCall else { return nil }
            let env = ExpressionEnvironment(input: .object(JSONObject(uniqueMembers: [
                (key: "v", value: value), (key: "a", value: algorithm),
            ])))
            var random = SeededRandom(seed: 0)
            do throws(StatesError) {
                return try call.evaluate(in: env, fieldName: "hash", random: &random)
            } catch {
                throw JSONataError(code: "D3141", message: error.cause)
            }
        }
    ]

    private static let hashCall: DynamicValue? = try? DynamicValue("States.Hash($.v, $.a)")
}
