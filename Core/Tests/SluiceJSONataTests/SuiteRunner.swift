import Foundation
import SluiceJSON
@testable import SluiceJSONata

/// One case of the official JSONata test suite.
struct SuiteCase {
    var id: String
    var group: String
    var expr: String
    var input: JSONValue?
    var bindings: [String: JSONValue]
    var expected: Expected
    var unordered: Bool
    var depth: Int?
    var timeLimit: Int?

    enum Expected {
        case value(JSONValue)
        case undefined
        case error(String)
    }

    var needsEval: Bool { expr.contains("$eval") }
}

/// Loads and runs the suite in place at `../shared/jsonata-suite` (relative to the repository root).
enum SuiteRunner {
    static var suiteRoot: URL {
        // Core/Tests/SluiceJSONataTests/SuiteRunner.swift -> repo root is four levels up.
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/jsonata-suite")
    }

    static func loadJSON(_ url: URL) -> JSONValue? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONValue(parsing: [UInt8](data))
    }

    static func loadCases() -> [SuiteCase] {
        let fm = FileManager.default
        let groupsDir = suiteRoot.appendingPathComponent("groups")
        let datasetsDir = suiteRoot.appendingPathComponent("datasets")
        var datasets: [String: JSONValue] = [:]
        var cases: [SuiteCase] = []
        guard let groups = try? fm.contentsOfDirectory(atPath: groupsDir.path) else { return [] }
        for group in groups.sorted() {
            let dir = groupsDir.appendingPathComponent(group)
            guard let files = try? fm.contentsOfDirectory(atPath: dir.path) else { continue }
            for file in files.sorted() where file.hasSuffix(".json") {
                guard let doc = loadJSON(dir.appendingPathComponent(file)) else { continue }
                let base = String(file.dropLast(5))
                let entries: [(String, JSONValue)]
                if case .array(let list) = doc {
                    entries = list.enumerated().map { ("\(base)[\($0.offset)]", $0.element) }
                } else {
                    entries = [(base, doc)]
                }
                for (name, c) in entries {
                    guard case .object(let o) = c else { continue }
                    var expr = o["expr"]?.stringValue ?? ""
                    if let f = o["expr-file"]?.stringValue,
                       let text = try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8) {
                        expr = text
                    }
                    var input: JSONValue? = nil
                    if let d = o["data"] {
                        input = d
                    } else if let ds = o["dataset"]?.stringValue {
                        if datasets[ds] == nil {
                            datasets[ds] = loadJSON(datasetsDir.appendingPathComponent(ds + ".json"))
                        }
                        input = datasets[ds]
                    }
                    var bindings: [String: JSONValue] = [:]
                    if case .object(let b)? = o["bindings"] { for m in b { bindings[m.key] = m.value } }
                    let expected: SuiteCase.Expected
                    if let code = o["code"]?.stringValue {
                        expected = .error(code)
                    } else if let code = o["error"]?["code"]?.stringValue {
                        expected = .error(code)
                    } else if let r = o["result"] {
                        expected = .value(r)
                    } else {
                        expected = .undefined
                    }
                    cases.append(SuiteCase(
                        id: "\(group)/\(name)", group: group, expr: expr, input: input, bindings: bindings,
                        expected: expected, unordered: o["unordered"]?.boolValue ?? false,
                        depth: o["depth"]?.numberValue?.intValue, timeLimit: o["timelimit"]?.numberValue?.intValue))
                }
            }
        }
        return cases
    }

    /// Runs one case; `nil` on success, otherwise a description of the mismatch.
    static func run(_ c: SuiteCase) -> String? {
        var options = JSONataOptions(timeLimitMilliseconds: c.timeLimit ?? 10_000)
        if let d = c.depth { options.maxDepth = d }
        options.nowMilliseconds = (Date().timeIntervalSince1970 * 1000).rounded(.down)
        do {
            let expr = try JSONataExpression(c.expr)
            let result = try expr.evaluate(input: c.input, bindings: c.bindings, options: options)
            switch c.expected {
            case .undefined:
                return result == nil ? nil : "expected undefined, got \(result.map(\.serialized) ?? "")"
            case .error(let code):
                return "expected error \(code), got \(result.map(\.serialized) ?? "undefined")"
            case .value(let v):
                guard let result else { return "expected \(v.serialized), got undefined" }
                if equal(result, v, unordered: c.unordered) { return nil }
                return "expected \(v.serialized), got \(result.serialized)"
            }
        } catch {
            if case .error(let code) = c.expected, code == error.code { return nil }
            return "threw \(error.code): \(error.message)"
        }
    }

    static func equal(_ a: JSONValue, _ b: JSONValue, unordered: Bool = false) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return x.doubleValue == y.doubleValue
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            if unordered {
                var remaining = y
                for item in x {
                    guard let i = remaining.firstIndex(where: { equal(item, $0) }) else { return false }
                    remaining.remove(at: i)
                }
                return true
            }
            return zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for m in x {
                guard let other = y[m.key], equal(m.value, other) else { return false }
            }
            return true
        default:
            return a == b
        }
    }
}
