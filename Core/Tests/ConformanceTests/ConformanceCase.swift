import Foundation
import SluiceJSON

/// One execution recorded against AWS: `../shared/conformance/cases/<name>/`.
struct ConformanceCase: Sendable {
    let name: String
    let definitionText: String
    let inputText: String
    let expected: JSONValue
    /// Feature groups from the corpus index (`choice`, `jsonata`, `map`, …).
    let groups: [String]
    let features: [String]

    var expectedStatus: String { expected["status"]?.stringValue ?? "" }
    var hasHistory: Bool { expected["history"]?.arrayValue != nil }
    var parallelEventsSorted: Bool { expected["parallel_events_sorted"]?.boolValue ?? false }
    /// JSONata-mode cases wait for the JSONata issue; they are reported apart.
    var usesJSONata: Bool { groups.contains("jsonata") || features.contains { $0.hasPrefix("jsonata") } }
    var isSyncExpress: Bool { expected["execution_kind"]?.stringValue == "StartSyncExecution" }

    /// The names the recording replaced with placeholders; the runner uses the placeholders as the
    /// real names, so ARNs come out already normalised.
    var stateMachineName: String {
        expected["arn_placeholders"]?["state_machine_name"]?.stringValue ?? "<ArnPart_0idx>"
    }
    var executionName: String {
        expected["arn_placeholders"]?["execution_name"]?.stringValue ?? "<ExecArnPart_0idx>"
    }
    /// The role ARN as the recording shows it (`snf_role_arn`, in a few tests `sfn_role_arn`).
    var roleArn: String {
        for t in expected["snapshot_transformers"]?.arrayValue ?? []
        where t["type"]?.stringValue == "RegexTransformer" && t["args"]?.arrayValue?.first == "${ROLE_ARN}" {
            if let r = t["args"]?.arrayValue?.last?.stringValue { return r }
        }
        return "snf_role_arn"
    }
}

/// Where `../shared` is: `SLUICE_SHARED_DIR`, else beside the repository root.
enum SharedDirectory {
    static var url: URL {
        if let env = ProcessInfo.processInfo.environment["SLUICE_SHARED_DIR"] {
            return URL(fileURLWithPath: env)
        }
        // <repo>/Core/Tests/ConformanceTests/ConformanceCase.swift → <repo>/../shared
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared")
    }

    static func loadCases(folder: String = "cases") throws -> [ConformanceCase] {
        let root = url.appendingPathComponent("conformance").appendingPathComponent(folder)
        let indexData = try Data(contentsOf: root.appendingPathComponent("index.json"))
        let index = try JSONValue(parsing: indexData)
        var meta: [String: (groups: [String], features: [String])] = [:]
        for entry in index["cases"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue else { continue }
            meta[name] = (
                (entry["groups"]?.arrayValue ?? []).compactMap(\.stringValue),
                (entry["features"]?.arrayValue ?? []).compactMap(\.stringValue)
            )
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
        var cases: [ConformanceCase] = []
        for name in names {
            let dir = root.appendingPathComponent(name)
            let expectedURL = dir.appendingPathComponent("expected.json")
            guard FileManager.default.fileExists(atPath: expectedURL.path) else { continue }
            let definition = try String(contentsOf: dir.appendingPathComponent("definition.json"), encoding: .utf8)
            let inputURL = dir.appendingPathComponent("input.json")
            let input =
                FileManager.default.fileExists(atPath: inputURL.path)
                ? try String(contentsOf: inputURL, encoding: .utf8) : "{}"
            let expected = try JSONValue(parsing: try Data(contentsOf: expectedURL))
            cases.append(
                ConformanceCase(
                    name: name, definitionText: definition, inputText: input, expected: expected,
                    groups: meta[name]?.groups ?? [], features: meta[name]?.features ?? []))
        }
        return cases
    }
}
