import Foundation
import SluiceJSON
import StatesRunner
import Testing

/// Runs every pure corpus case and reports how many match; set SLUICE_SWEEP_VERBOSE=1 to list
/// the mismatches.
@Suite struct CorpusSweepTests {
    @Test func sweep() async throws {
        var pass = 0
        var historyPass = 0
        var historyTotal = 0
        var total = 0
        let verbose = ProcessInfo.processInfo.environment["SLUICE_SWEEP_VERBOSE"] != nil
        let filter = ProcessInfo.processInfo.environment["SLUICE_SWEEP_FILTER"]
        for name in CorpusCase.names() {
            if let filter, !name.contains(filter) { continue }
            guard let c = try? CorpusCase(name) else { continue }
            if c.definitionText.contains("JSONata") { continue }
            total += 1
            guard let result = try? await c.run() else {
                if verbose { print("PARSE-FAIL \(name)") }
                continue
            }
            let basic = c.differences(result, checkHistory: false)
            if basic.isEmpty { pass += 1 }
            if c.hasHistory {
                historyTotal += 1
                let full = c.differences(result)
                if full.isEmpty { historyPass += 1 } else if verbose { print("DIFF \(name)\n  " + full.joined(separator: "\n  ")) }
            } else if verbose, !basic.isEmpty {
                print("DIFF \(name)\n  " + basic.joined(separator: "\n  "))
            }
        }
        print("sweep: \(pass)/\(total) status+output, histories \(historyPass)/\(historyTotal)")
        #expect(total == 0 || pass > 0)
    }
}
