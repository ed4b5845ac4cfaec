import SluiceJSON

/// What an execution produced, in the shape DescribeExecution and GetExecutionHistory answer.
struct CaseOutcome: Sendable {
    var status: String
    /// The output as JSON text (SUCCEEDED).
    var output: String?
    var error: String?
    var cause: String?
    /// Events in the GetExecutionHistory wire shape.
    var history: [JSONValue]
}

/// The verdict on one case: which checks passed, and the first difference of each failed check.
struct CaseVerdict: Sendable {
    var checks: [String: Bool] = [:]
    var diffs: [String: String] = [:]

    /// status, output or error/cause, and event types: as conformance.py counts a pass.
    var passed: Bool { ["status", "output", "error", "cause", "event_types"].allSatisfy { checks[$0] ?? true } }
    var historyExact: Bool? { checks["history"] }
}

enum CaseComparison {
    static func compare(_ testCase: ConformanceCase, _ outcome: CaseOutcome) -> CaseVerdict {
        let expected = testCase.expected
        var describe = JSONObject()
        describe["status"] = .string(outcome.status)
        if let o = outcome.output { describe["output"] = .string(o) }
        if let e = outcome.error { describe["error"] = .string(e) }
        if let c = outcome.cause { describe["cause"] = .string(c) }
        var state = JSONObject()
        state["describe"] = .object(describe)
        state["history"] = ["events": .array(outcome.history)]
        var normalizer = SnapshotNormalizer(testCase)
        let norm = normalizer.normalize(.object(state))
        let d = norm["describe"] ?? .null
        let events = norm["history"]?["events"]?.arrayValue ?? []

        var verdict = CaseVerdict()
        let status = testCase.expectedStatus
        verdict.checks["status"] = d["status"]?.stringValue == status
        if verdict.checks["status"] == false {
            verdict.diffs["status"] =
                "expected \(status), got \(d["status"]?.stringValue ?? "-") \(d["error"]?.serialized ?? "") \(d["cause"]?.serialized ?? "")"
        }
        if status == "SUCCEEDED", let want = expected["output"] {
            var got = d["output"] ?? .null
            for e in events {
                if let o = e["executionSucceededEventDetails"]?["output"] { got = o }
            }
            if case .string(let s) = got, let p = try? JSONValue(parsing: s) { got = p }
            let ok = SnapshotNormalizer.canon(["output": got]) == SnapshotNormalizer.canon(["output": want])
            verdict.checks["output"] = ok
            if !ok { verdict.diffs["output"] = "expected \(want.serialized)\n      got      \(got.serialized)" }
        }
        if ["FAILED", "TIMED_OUT", "ABORTED"].contains(status) {
            let wantError = expected["error"] ?? .null
            let gotError = d["error"] ?? .null
            verdict.checks["error"] = wantError == gotError
            let wantCause = SnapshotNormalizer.canon(["cause": expected["cause"] ?? .null])
            let gotCause = SnapshotNormalizer.canon(["cause": d["cause"] ?? .null])
            verdict.checks["cause"] = wantCause == gotCause
            if verdict.checks["error"] == false || verdict.checks["cause"] == false {
                verdict.diffs["error"] =
                    "expected \(wantError.serialized) \(wantCause["cause"]?.serialized ?? "")\n      got      \(gotError.serialized) \(gotCause["cause"]?.serialized ?? "")"
            }
        }
        if let wantHistory = expected["history"]?.arrayValue {
            var got = events.compactMap { $0["type"]?.stringValue }
            var want =
                expected["history_event_types"]?.arrayValue?.compactMap(\.stringValue)
                ?? wantHistory.compactMap { $0["type"]?.stringValue }
            if testCase.parallelEventsSorted {
                got.sort()
                want.sort()
            }
            verdict.checks["event_types"] = got == want
            if got != want {
                verdict.diffs["event_types"] = "expected \(want)\n      got      \(got)"
            }
            var mine = events.map(SnapshotNormalizer.canon)
            var theirs = wantHistory.map(SnapshotNormalizer.canon)
            if testCase.parallelEventsSorted {
                mine = SnapshotNormalizer.sortParallelBlocks(mine)
                theirs = SnapshotNormalizer.sortParallelBlocks(theirs)
            }
            verdict.checks["history"] = mine == theirs
            if mine != theirs {
                if let k = zip(mine, theirs).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                    verdict.diffs["history"] =
                        "event \(k + 1): expected \(theirs[k].serialized)\n      got      \(mine[k].serialized)"
                } else {
                    verdict.diffs["history"] = "expected \(theirs.count) events, got \(mine.count)"
                }
            }
        }
        return verdict
    }
}
