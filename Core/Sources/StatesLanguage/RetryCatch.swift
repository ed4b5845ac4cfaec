public import SluiceJSON
public import StatesJSONPath

/// One `Retry` entry.
public struct Retrier: Sendable, Hashable {
    /// `ErrorEquals`: error names, `States.ALL` matching any.
    public let errorEquals: [String]
    /// `IntervalSeconds`, default 1.
    public let intervalSeconds: Int
    /// `MaxAttempts`, default 3 (0: never retry).
    public let maxAttempts: Int
    /// `BackoffRate`, default 2.0.
    public let backoffRate: Double
    /// `MaxDelaySeconds`.
    public let maxDelaySeconds: Int?
    /// `JitterStrategy`, default `.none`.
    public let jitterStrategy: JitterStrategy
    /// `Comment`.
    public let comment: String?
}

/// A retrier's `JitterStrategy`.
public enum JitterStrategy: String, Sendable, Hashable {
    case full = "FULL"
    case none = "NONE"
}

/// One `Catch` entry.
public struct Catcher: Sendable, Hashable {
    /// `ErrorEquals`.
    public let errorEquals: [String]
    /// `Next`: the state to go to.
    public let next: String
    /// `ResultPath` (JSONPath mode): where the error output goes; `$` when absent.
    public let resultPath: ResultPath
    /// `Assign`.
    public let assign: VariableAssignment?
    /// `Output` (JSONata mode), unevaluated.
    public let output: JSONValue?
    /// `Comment`.
    public let comment: String?
}

extension Retrier {
    /// Whether this retrier handles `error` (see `ErrorMatching.matches`).
    public func matches(_ error: String) -> Bool { ErrorMatching.matches(errorEquals, error) }
}

extension Catcher {
    /// Whether this catcher handles `error` (see `ErrorMatching.matches`).
    public func matches(_ error: String) -> Bool { ErrorMatching.matches(errorEquals, error) }
}

/// How an `ErrorEquals` list selects errors.
public enum ErrorMatching {
    /// Errors no retrier or catcher handles, even when named: AWS ends the execution.
    public static let terminalErrors: Set<String> = ["States.Runtime", "States.DataLimitExceeded"]

    /// Whether `names` (an `ErrorEquals` list) covers `error`: an exact name, `States.ALL` (any
    /// error), or `States.TaskFailed` (any error but `States.Timeout`). Terminal errors
    /// (`States.Runtime`, `States.DataLimitExceeded`) never match.
    public static func matches(_ names: [String], _ error: String) -> Bool {
        if terminalErrors.contains(error) { return false }
        for name in names {
            if name == error || name == "States.ALL" { return true }
            if name == "States.TaskFailed" && error != "States.Timeout" { return true }
        }
        return false
    }
}
