/// The lines Lambda adds to an invocation's log around what the function printed.
enum InvocationLog {
    static func start(requestId: String, version: String) -> String {
        "START RequestId: \(requestId) Version: \(version)\n"
    }

    static func end(requestId: String) -> String {
        "END RequestId: \(requestId)\n"
    }

    /// `REPORT RequestId: …\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 38 MB\t`
    /// plus `Init Duration: … ms\t` on a cold start and `Status: timeout|error\t` when the platform ended it.
    static func report(
        requestId: String, durationMs: Double, memorySizeMB: Int, maxMemoryUsedMB: Int, initDurationMs: Double?,
        status: String?
    ) -> String {
        let billed = durationMs.isFinite && durationMs < 1e15 ? max(1, Int(durationMs.rounded(.up))) : 1
        var line = "REPORT RequestId: \(requestId)\tDuration: \(twoDecimals(durationMs)) ms\tBilled Duration: \(billed) ms"
        line += "\tMemory Size: \(memorySizeMB) MB\tMax Memory Used: \(maxMemoryUsedMB) MB\t"
        if let initDurationMs { line += "Init Duration: \(twoDecimals(initDurationMs)) ms\t" }
        if let status { line += "Status: \(status)\t" }
        return line + "\n"
    }

    /// `1234.5` → `"1234.50"` (no Foundation formatting).
    static func twoDecimals(_ value: Double) -> String {
        guard value.isFinite, value >= 0, value < 1e15 else { return "0.00" }
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
