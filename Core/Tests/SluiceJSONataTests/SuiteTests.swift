import Foundation
import Testing
import SluiceJSON
@testable import SluiceJSONata

/// Runs the whole official JSONata 2.0.6 suite. Cases listed in `KnownFailures.ids` may fail;
/// every other case must pass (the list may only shrink). `$eval` cases are counted apart: AWS
/// Step Functions disables `$eval`.
@Suite struct JSONataSuiteTests {
    @Test func officialSuite() throws {
        let cases = SuiteRunner.loadCases()
        #expect(cases.count > 1000, "suite not found at \(SuiteRunner.suiteRoot.path)")
        let known = KnownFailures.ids
        var perGroup: [String: (pass: Int, fail: Int)] = [:]
        var failures: [(String, String)] = []
        var evalCases = 0, evalPass = 0
        for c in cases {
            let outcome = SuiteRunner.run(c)
            if c.needsEval {
                evalCases += 1
                if outcome == nil { evalPass += 1 }
                continue
            }
            var g = perGroup[c.group] ?? (0, 0)
            if let outcome {
                g.fail += 1
                failures.append((c.id, outcome))
            } else {
                g.pass += 1
            }
            perGroup[c.group] = g
        }
        let total = perGroup.values.reduce(0) { $0 + $1.pass + $1.fail }
        let passed = perGroup.values.reduce(0) { $0 + $1.pass }
        var report = "JSONata suite: \(passed)/\(total) passed (\(evalCases) $eval cases apart, \(evalPass) of them pass)\n"
        for (group, r) in perGroup.sorted(by: { $0.key < $1.key }) where r.fail > 0 {
            report += "  \(group): \(r.pass)/\(r.pass + r.fail)\n"
        }
        print(report)
        if ProcessInfo.processInfo.environment["JSONATA_SUITE_VERBOSE"] != nil {
            for (id, why) in failures { print("FAIL \(id): \(why.prefix(300))") }
        }
        if let out = ProcessInfo.processInfo.environment["JSONATA_WRITE_FAILURES"] {
            let text = failures.map(\.0).sorted().joined(separator: "\n") + "\n"
            try? text.write(toFile: out, atomically: true, encoding: .utf8)
        }
        let regressions = failures.filter { !known.contains($0.0) }
        for (id, why) in regressions {
            Issue.record("regression \(id): \(why.prefix(300))")
        }
    }
}
