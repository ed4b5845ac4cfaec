import SluiceJSON
import StatesJSONPath

/// Turns a definition document into the typed model. Assumes mostly valid input (the validator
/// runs first) but throws, never traps, on anything unexpected.
enum DefinitionParser {
    /// How deeply Parallel/Map graphs may nest, and Choice `And`/`Or`/`Not` within a rule.
    static let maxNesting = 128

    static func parseStateMachine(_ definition: JSONValue) throws(DefinitionError) -> StateMachine {
        let reader = try FieldReader(definition, at: "")
        let language = try queryLanguage(reader) ?? .jsonPath
        let graph = try parseGraph(reader, language: language, depth: 0)
        let version = try reader.string("Version")
        var timeout: Int?
        if let n = try reader.number("TimeoutSeconds") {
            guard let i = n.intValue else {
                throw DefinitionError.schema("Expected value of type Integer", at: reader.at("TimeoutSeconds"))
            }
            timeout = i
        }
        return StateMachine(graph: graph, timeoutSeconds: timeout, version: version, queryLanguage: language)
    }

    static func queryLanguage(_ reader: FieldReader) throws(DefinitionError) -> QueryLanguage? {
        guard let text = try reader.string("QueryLanguage") else { return nil }
        guard let language = QueryLanguage(rawValue: text) else {
            throw DefinitionError.schema("Unexpected value: \(text)", at: reader.at("QueryLanguage"))
        }
        return language
    }

    /// `StartAt`, `States` and `Comment` of the object `reader` reads. `language` is the query
    /// language of states that do not set their own: the top-level one, also inside Parallel
    /// branches and Map processors.
    static func parseGraph(_ reader: FieldReader, language: QueryLanguage, depth: Int) throws(DefinitionError)
        -> StateGraph
    {
        guard depth <= maxNesting else {
            throw DefinitionError.schema("States are nested too deeply", at: reader.location)
        }
        let startAt = try reader.requiredString("StartAt")
        guard let statesValue = reader["States"] else {
            throw DefinitionError.schema("These fields are required: [States]", at: reader.location)
        }
        let statesReader = try FieldReader(statesValue, at: reader.at("States"))
        var states: [State] = []
        states.reserveCapacity(statesReader.object.count)
        for member in statesReader.object {
            let stateReader = try FieldReader(member.value, at: statesReader.at(member.key))
            states.append(try parseState(named: member.key, stateReader, inherited: language, depth: depth))
        }
        guard states.contains(where: { $0.name == startAt }) else {
            throw DefinitionError(
                "MISSING_TRANSITION_TARGET: Missing 'Next' target: \(startAt) at \(reader.at("StartAt"))")
        }
        return StateGraph(startAt: startAt, states: states, comment: try reader.string("Comment"))
    }

    static func parseState(named name: String, _ r: FieldReader, inherited: QueryLanguage, depth: Int)
        throws(DefinitionError) -> State
    {
        let type = try r.requiredString("Type")
        let language = try queryLanguage(r) ?? inherited
        let jsonata = language == .jsonata
        let kind: State.Kind
        switch type {
        case "Pass": kind = .pass(PassState(result: r["Result"]))
        case "Task": kind = .task(try parseTask(r, jsonata: jsonata))
        case "Choice": kind = .choice(try parseChoice(r, jsonata: jsonata))
        case "Wait": kind = .wait(try parseWait(r, jsonata: jsonata))
        case "Succeed": kind = .succeed
        case "Fail": kind = .fail(try parseFail(r, jsonata: jsonata))
        case "Parallel": kind = .parallel(try parseParallel(r, inherited: inherited, depth: depth))
        case "Map": kind = .map(try parseMap(r, language: language, inherited: inherited, depth: depth))
        default: throw DefinitionError.schema("Unexpected value: \(type)", at: r.at("Type"))
        }

        let transition: Transition?
        switch kind {
        case .choice, .succeed, .fail:
            transition = nil
        default:
            if let next = try r.string("Next") {
                transition = .next(next)
            } else if try r.bool("End") == true {
                transition = .end
            } else {
                throw DefinitionError("MISSING_TRANSITION_TARGET: State \"\(name)\" is not an end state and has no 'Next' at \(r.location)")
            }
        }

        var parameters: PayloadTemplate?
        if case .map = kind {} else if !jsonata { parameters = try r.payloadTemplate("Parameters") }

        return State(
            name: name,
            kind: kind,
            comment: try r.string("Comment"),
            queryLanguage: language,
            inputPath: jsonata ? .identity : try r.inputOutputPath("InputPath"),
            outputPath: jsonata ? .identity : try r.inputOutputPath("OutputPath"),
            parameters: parameters,
            resultSelector: jsonata ? nil : try r.payloadTemplate("ResultSelector"),
            resultPath: jsonata ? try ResultPath.keepResult() : try r.resultPath(),
            assign: try assignment(r, jsonata: jsonata),
            arguments: jsonata ? r["Arguments"] : nil,
            output: jsonata ? r["Output"] : nil,
            transition: transition,
            retriers: try parseRetriers(r),
            catchers: try parseCatchers(r, jsonata: jsonata)
        )
    }

    static func assignment(_ r: FieldReader, jsonata: Bool) throws(DefinitionError) -> VariableAssignment? {
        guard let value = r["Assign"] else { return nil }
        if jsonata { return .jsonata(value) }
        guard let template = try r.payloadTemplate("Assign") else { return nil }
        return .jsonPath(template)
    }

    static func parseRetriers(_ r: FieldReader) throws(DefinitionError) -> [Retrier] {
        guard let items = try r.array("Retry") else { return [] }
        var result: [Retrier] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let e = try FieldReader(item, at: r.at("Retry[\(i)]"))
            var jitter = JitterStrategy.none
            if let text = try e.string("JitterStrategy") {
                guard let j = JitterStrategy(rawValue: text) else {
                    throw DefinitionError.schema("Unexpected value: \(text)", at: e.at("JitterStrategy"))
                }
                jitter = j
            }
            result.append(
                Retrier(
                    errorEquals: try e.stringArray("ErrorEquals") ?? [],
                    intervalSeconds: try e.int("IntervalSeconds") ?? 1,
                    maxAttempts: try e.int("MaxAttempts") ?? 3,
                    backoffRate: try e.number("BackoffRate")?.doubleValue ?? 2.0,
                    maxDelaySeconds: try e.int("MaxDelaySeconds"),
                    jitterStrategy: jitter,
                    comment: try e.string("Comment")))
        }
        return result
    }

    static func parseCatchers(_ r: FieldReader, jsonata: Bool) throws(DefinitionError) -> [Catcher] {
        guard let items = try r.array("Catch") else { return [] }
        var result: [Catcher] = []
        result.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let e = try FieldReader(item, at: r.at("Catch[\(i)]"))
            result.append(
                Catcher(
                    errorEquals: try e.stringArray("ErrorEquals") ?? [],
                    next: try e.requiredString("Next"),
                    resultPath: jsonata ? try ResultPath.keepResult() : try e.resultPath(),
                    assign: try assignment(e, jsonata: jsonata),
                    output: jsonata ? e["Output"] : nil,
                    comment: try e.string("Comment")))
        }
        return result
    }
}

extension ResultPath {
    /// `$`: the result replaces the input. Used where ResultPath does not apply (JSONata mode).
    static func keepResult() throws(DefinitionError) -> ResultPath {
        do { return try ResultPath("$") } catch { throw DefinitionError("INVALID_JSON_PATH: Invalid JSON path: $") }
    }
}
