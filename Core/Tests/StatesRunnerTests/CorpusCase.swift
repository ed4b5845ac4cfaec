import Foundation
import SluiceJSON
import StatesInterpreter
import StatesLanguage
import StatesRunner

/// A recorded case from `shared/conformance`, run through the local runner and compared the way
/// the corpus README describes (timestamps dropped, JSON-object strings parsed).
struct CorpusCase {
    let name: String
    let definitionText: String
    let inputText: String
    let expected: JSONValue

    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("../shared/conformance").standardized
    }()

    init(_ name: String, folder: String = "cases") throws {
        self.name = name
        let dir = CorpusCase.root.appendingPathComponent(folder).appendingPathComponent(name)
        definitionText = try String(contentsOf: dir.appendingPathComponent("definition.json"), encoding: .utf8)
        inputText = try String(contentsOf: dir.appendingPathComponent("input.json"), encoding: .utf8)
        expected = try JSONValue(parsing: String(contentsOf: dir.appendingPathComponent("expected.json"), encoding: .utf8))
    }

    static func names(folder: String = "cases") -> [String] {
        let dir = root.appendingPathComponent(folder)
        let all = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return all.filter { !$0.hasSuffix(".json") }.sorted()
    }

    /// The ARNs as the corpus normalised them, so outputs compare verbatim.
    static let options = RunOptions(
        executionName: "<ExecArnPart_0idx>", stateMachineName: "<ArnPart_0idx>",
        stateMachineArn: "arn:<partition>:states:<region>:111111111111:stateMachine:<ArnPart_0idx>",
        executionArn: "arn:<partition>:states:<region>:111111111111:execution:<ArnPart_0idx>:<ExecArnPart_0idx>",
        roleArn: "snf_role_arn", startTime: 1_700_000_000_000, seed: 1, timeScale: 0)

    func run() async throws -> RunResult {
        let machine = try StateMachine(text: definitionText)
        var options = CorpusCase.options
        options.inputText = inputText
        return await LocalRunner.run(definition: machine, input: try JSONValue(parsing: inputText), options: options)
    }

    var hasHistory: Bool { expected["history"] != nil }
    var sortedParallel: Bool { expected["parallel_events_sorted"] == .bool(true) }

    /// Differences between the run and the recording; empty when they match.
    func differences(_ result: RunResult, checkHistory: Bool = true) -> [String] {
        var out: [String] = []
        if .string(result.status) != expected["status"] { out.append("status \(result.status) != \(expected["status"]?.serialized ?? "-")") }
        if let output = expected["output"], !CorpusCase.loose(CorpusCase.normalise(result.output ?? .null), output) {
            out.append("output \(result.output?.serialized ?? "nil") != \(output.serialized)")
        }
        if let error = expected["error"], error != .null, .string(result.error ?? "") != error {
            out.append("error \(result.error ?? "nil") != \(error.serialized)")
        }
        if let cause = expected["cause"], cause != .null, !CorpusCase.loose(CorpusCase.normalise(.string(result.cause ?? "")), cause) {
            out.append("cause \(result.cause ?? "nil") != \(cause.serialized)")
        }
        guard checkHistory, case .array(let recorded)? = expected["history"] else { return out }
        let mine = CorpusCase.comparable(result.history, sortedParallel: sortedParallel)
        let theirs = recorded
        if mine.count != theirs.count { out.append("history length \(mine.count) != \(theirs.count)") }
        for (i, (a, b)) in zip(mine, theirs).enumerated() where !CorpusCase.loose(a, b) {
            out.append("event \(i + 1): \(a.serialized)\n   expected \(b.serialized)")
            break
        }
        return out
    }

    /// Events without timestamps, with the corpus's string parsing applied.
    static func comparable(_ history: [HistoryEvent], sortedParallel: Bool) -> [JSONValue] {
        var events = history.map { event -> JSONValue in
            guard case .object(var object) = event.json else { return .null }
            object["timestamp"] = nil
            return normalise(.object(object))
        }
        if sortedParallel { events = rewriteParallel(events, history) }
        return events
    }

    /// The corpus's Parallel rewrite: branch events sorted, ids [0] and previous ids 0, the
    /// ParallelStateSucceeded/Failed event dropped.
    static func rewriteParallel(_ events: [JSONValue], _ history: [HistoryEvent]) -> [JSONValue] {
        var out: [JSONValue] = []
        var i = 0
        while i < events.count {
            guard history[i].type == .parallelStateStarted else {
                out.append(events[i])
                i += 1
                continue
            }
            out.append(events[i])
            i += 1
            var depth = 1
            var block: [JSONValue] = []
            while i < events.count {
                let type = history[i].type
                if type == .parallelStateStarted { depth += 1 }
                if type == .parallelStateSucceeded || type == .parallelStateFailed {
                    depth -= 1
                    if depth == 0 { i += 1; break }
                }
                if type == .parallelStateStarted && depth > 1 {
                    out.append(events[i]); i += 1; continue
                }
                if case .object(var o) = events[i], depth >= 1, type != .parallelStateSucceeded {
                    o["id"] = .array([.int(0)])
                    o["previousEventId"] = .int(0)
                    block.append(.object(o))
                }
                i += 1
            }
            block.sort { $0.serialized < $1.serialized }
            out.append(contentsOf: block)
        }
        return out
    }

    /// Values the recording replaced (dates, UUIDs, ARN parts, random numbers) match anything.
    static let wildcards: Set<String> = [
        "date", "start-time", "entered-time", "timestamp", "map_run_arn", "RandomNumberGenerated",
    ]

    /// Equality where the recording's placeholders (`<uuid:1>`, `<json-input:1>`, `date`, …) match
    /// any text.
    static func loose(_ mine: JSONValue, _ expected: JSONValue) -> Bool {
        switch (mine, expected) {
        case (_, .string(let e)) where wildcards.contains(e): return true
        case (.string(let m), .string(let e)) where e.contains("<") && e.contains(">"):
            return placeholderMatch(m, e)
        case (.object(let m), .object(let e)):
            guard m.count == e.count else { return false }
            for member in e {
                guard let value = m[member.key], loose(value, member.value) else { return false }
            }
            return true
        case (.array(let m), .array(let e)):
            guard m.count == e.count else { return false }
            return zip(m, e).allSatisfy { loose($0, $1) }
        case (.string(let m), .array), (.string(let m), .object):
            guard let parsed = try? JSONValue(parsing: m) else { return false }
            return loose(normalise(parsed), expected)
        case (.object, .string(let e)) where e.contains("<"):
            return placeholderMatch(mine.serialized, e)
        default: return mine == expected
        }
    }

    /// `pattern` with each `<…>` standing for any text.
    static func placeholderMatch(_ text: String, _ pattern: String) -> Bool {
        var literals: [Substring] = []
        var rest = pattern[...]
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            literals.append(rest[..<open])
            rest = rest[rest.index(after: close)...]
        }
        literals.append(rest)
        var remaining = text[...]
        for (i, literal) in literals.enumerated() {
            if literal.isEmpty { continue }
            if i == 0 {
                guard remaining.hasPrefix(literal) else { return false }
                remaining = remaining.dropFirst(literal.count)
            } else if let range = remaining.range(of: literal) {
                remaining = remaining[range.upperBound...]
            } else {
                return false
            }
        }
        return literals.last?.isEmpty ?? true ? true : text.hasSuffix(literals.last ?? "")
    }

    /// Parses strings that start with `{` and are valid JSON, recursively.
    static func normalise(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let s) where s.hasPrefix("{"):
            if let parsed = try? JSONValue(parsing: s) { return normalise(parsed) }
            return value
        case .array(let a): return .array(a.map(normalise))
        case .object(let o): return .object(JSONObject(o.map { (key: $0.key, value: normalise($0.value)) }))
        default: return value
        }
    }
}
