import Foundation
import SluiceJSON
import StatesInterpreter
import StatesJSONata
import StatesLanguage
import StatesRunner
import StatesValidation
import Testing

/// Runs every pure execution case of `../shared/conformance/cases` — recorded against AWS — through
/// the engine in virtual time, and compares status, output, error, cause and history.
///
/// A ratchet keeps it honest: `known-failures.txt` lists the cases that still fail (`outcome NAME`)
/// and the recorded histories we do not yet match (`history NAME`), each with its reason. The test
/// fails when anything not on the list fails. Set `SLUICE_UPDATE_KNOWN_FAILURES=1` to rewrite the list
/// after fixing cases (it may only shrink: new failures are never added by the rewrite).
@Suite struct ConformanceTests {
    static let knownFailuresURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("known-failures.txt")

    @Test func awsRecordedExecutions() async throws {
        let cases = try SharedDirectory.loadCases()
        #expect(cases.count > 800, "the corpus should be readable at \(SharedDirectory.url.path)")

        let verdicts = await withTaskGroup(of: (Int, CaseVerdict).self) { group in
            var results = [CaseVerdict?](repeating: nil, count: cases.count)
            for (i, testCase) in cases.enumerated() {
                group.addTask { (i, CaseComparison.compare(testCase, await CaseRunner.execute(testCase))) }
            }
            for await (i, verdict) in group { results[i] = verdict }
            return results.map { $0 ?? CaseVerdict() }
        }

        var failing: Set<String> = []
        var report = ConformanceReport()
        for (testCase, verdict) in zip(cases, verdicts) {
            report.add(testCase, verdict)
            if !verdict.passed { failing.insert("outcome \(testCase.name)") }
            if verdict.historyExact == false { failing.insert("history \(testCase.name)") }
        }
        print(report.summary)
        // SLUICE_CONFORMANCE_SHOW=text prints the differences of every failing case whose name contains text.
        if let filter = ProcessInfo.processInfo.environment["SLUICE_CONFORMANCE_SHOW"] {
            for (testCase, verdict) in zip(cases, verdicts)
            where testCase.name.contains(filter) && (!verdict.passed || verdict.historyExact == false) {
                let diffs = verdict.diffs.sorted { $0.key < $1.key }.map { "    \($0.key): \($0.value)" }
                print("FAILING \(testCase.name)\n" + diffs.joined(separator: "\n"))
            }
        }

        let known = try KnownFailures.load(from: Self.knownFailuresURL)
        let regressions = failing.subtracting(known.entries.keys).sorted()
        let fixed = Set(known.entries.keys).subtracting(failing).sorted()
        for name in regressions {
            let parts = name.split(separator: " ", maxSplits: 1)
            let caseName = parts.count > 1 ? String(parts[1]) : name
            if let i = cases.firstIndex(where: { $0.name == caseName }) {
                let diffs = verdicts[i].diffs.sorted { $0.key < $1.key }.map { "    \($0.key): \($0.value)" }
                print("REGRESSION \(name)\n" + diffs.joined(separator: "\n"))
            }
        }
        if !fixed.isEmpty {
            print("now passing, no longer known failures (\(fixed.count)): \(fixed.prefix(20).joined(separator: ", "))")
            if ProcessInfo.processInfo.environment["SLUICE_UPDATE_KNOWN_FAILURES"] == "1" {
                try known.removing(Set(fixed)).write(to: Self.knownFailuresURL)
            }
        }
        #expect(regressions.isEmpty, "\(regressions.count) conformance cases fail that are not in known-failures.txt")
    }
}

/// Runs one case the way CreateStateMachine + StartExecution would: validate, parse, execute.
enum CaseRunner {
    static func execute(_ testCase: ConformanceCase) async -> CaseOutcome {
        let diagnostics = DefinitionValidator.validate(text: testCase.definitionText, jsonata: JSONataSyntax.checker).filter {
            $0.severity == .error
        }
        if !diagnostics.isEmpty {
            return CaseOutcome(
                status: "INVALID_DEFINITION", error: "InvalidDefinition",
                cause: DefinitionValidator.invalidDefinitionMessage(diagnostics), history: [])
        }
        let machine: StateMachine
        do {
            machine = try StateMachine(text: testCase.definitionText)
        } catch {
            return CaseOutcome(status: "INVALID_DEFINITION", error: "InvalidDefinition", cause: "\(error)", history: [])
        }
        let input: JSONValue
        do {
            input = try JSONValue(parsing: testCase.inputText)
        } catch {
            return CaseOutcome(status: "INVALID_INPUT", error: "InvalidExecutionInput", cause: "\(error)", history: [])
        }
        let prefix = "arn:<partition>:states:<region>:111111111111"
        let machineName = testCase.stateMachineName
        let executionName: String
        let executionArn: String
        if testCase.isSyncExpress {
            executionName = "<SyncExecArn_Part1_0idx>"
            executionArn = "\(prefix):express:\(machineName):\(executionName):<SyncExecArn_Part2_0idx>"
        } else {
            executionName = testCase.executionName
            executionArn = "\(prefix):execution:\(machineName):\(executionName)"
        }
        let options = RunOptions(
            executionName: executionName, stateMachineName: machineName,
            stateMachineArn: "\(prefix):stateMachine:\(machineName)", executionArn: executionArn,
            roleArn: testCase.roleArn, startTime: 1_767_225_600_000, seed: 42, timeScale: 0,
            inputText: testCase.inputText)
        let result = await LocalRunner.run(
            definition: machine, input: input, options: options, jsonata: StatesJSONataEngine(definition: machine))
        return CaseOutcome(
            status: result.status, output: result.output?.serialized, error: result.error, cause: result.cause,
            history: result.history.map(\.json))
    }
}

/// Pass counts per feature group, printed after a run.
struct ConformanceReport {
    private var byGroup: [String: (pass: Int, total: Int)] = [:]
    private var mode: [String: (pass: Int, total: Int, historyExact: Int, histories: Int)] = [:]

    mutating func add(_ testCase: ConformanceCase, _ verdict: CaseVerdict) {
        for group in testCase.groups {
            var g = byGroup[group] ?? (0, 0)
            g.total += 1
            if verdict.passed { g.pass += 1 }
            byGroup[group] = g
        }
        for key in ["all", testCase.usesJSONata ? "JSONata mode" : "JSONPath mode"] {
            var m = mode[key] ?? (0, 0, 0, 0)
            m.total += 1
            if verdict.passed { m.pass += 1 }
            if let exact = verdict.historyExact {
                m.histories += 1
                if exact { m.historyExact += 1 }
            }
            mode[key] = m
        }
    }

    var summary: String {
        var lines = ["conformance (../shared/conformance/cases):"]
        for key in ["JSONPath mode", "JSONata mode", "all"] {
            guard let m = mode[key] else { continue }
            lines.append(
                "  \(key): \(m.pass)/\(m.total) pass, histories \(m.historyExact)/\(m.histories) exact")
        }
        for (group, g) in byGroup.sorted(by: { $0.key < $1.key }) {
            lines.append("    \(group): \(g.pass)/\(g.total)")
        }
        return lines.joined(separator: "\n")
    }
}

/// The checked-in list of cases that still fail, with reasons.
struct KnownFailures {
    /// `outcome NAME` / `history NAME` → reason.
    var entries: [String: String]
    var lines: [String]

    static func load(from url: URL) throws -> KnownFailures {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return KnownFailures(entries: [:], lines: []) }
        var entries: [String: String] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = line.components(separatedBy: "  # ")
            entries[parts[0].trimmingCharacters(in: .whitespaces)] = parts.count > 1 ? parts[1] : ""
        }
        return KnownFailures(entries: entries, lines: lines)
    }

    func removing(_ fixed: Set<String>) -> KnownFailures {
        let kept = lines.filter { line in
            let key = line.components(separatedBy: "  # ")[0].trimmingCharacters(in: .whitespaces)
            return !fixed.contains(key)
        }
        return KnownFailures(entries: entries.filter { !fixed.contains($0.key) }, lines: kept)
    }

    func write(to url: URL) throws {
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }
}
