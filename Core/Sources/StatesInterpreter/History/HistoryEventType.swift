/// The `type` of a history event (AWS's `HistoryEventType`).
public enum HistoryEventType: String, Sendable, Hashable, CaseIterable {
    case activityFailed = "ActivityFailed"
    case activityScheduled = "ActivityScheduled"
    case activityScheduleFailed = "ActivityScheduleFailed"
    case activityStarted = "ActivityStarted"
    case activitySucceeded = "ActivitySucceeded"
    case activityTimedOut = "ActivityTimedOut"
    case choiceStateEntered = "ChoiceStateEntered"
    case choiceStateExited = "ChoiceStateExited"
    case executionAborted = "ExecutionAborted"
    case executionFailed = "ExecutionFailed"
    case executionStarted = "ExecutionStarted"
    case executionSucceeded = "ExecutionSucceeded"
    case executionTimedOut = "ExecutionTimedOut"
    case executionRedriven = "ExecutionRedriven"
    case failStateEntered = "FailStateEntered"
    case lambdaFunctionFailed = "LambdaFunctionFailed"
    case lambdaFunctionScheduled = "LambdaFunctionScheduled"
    case lambdaFunctionScheduleFailed = "LambdaFunctionScheduleFailed"
    case lambdaFunctionStarted = "LambdaFunctionStarted"
    case lambdaFunctionStartFailed = "LambdaFunctionStartFailed"
    case lambdaFunctionSucceeded = "LambdaFunctionSucceeded"
    case lambdaFunctionTimedOut = "LambdaFunctionTimedOut"
    case mapIterationAborted = "MapIterationAborted"
    case mapIterationFailed = "MapIterationFailed"
    case mapIterationStarted = "MapIterationStarted"
    case mapIterationSucceeded = "MapIterationSucceeded"
    case mapStateAborted = "MapStateAborted"
    case mapStateEntered = "MapStateEntered"
    case mapStateExited = "MapStateExited"
    case mapStateFailed = "MapStateFailed"
    case mapStateStarted = "MapStateStarted"
    case mapStateSucceeded = "MapStateSucceeded"
    case mapRunAborted = "MapRunAborted"
    case mapRunFailed = "MapRunFailed"
    case mapRunStarted = "MapRunStarted"
    case mapRunSucceeded = "MapRunSucceeded"
    case mapRunRedriven = "MapRunRedriven"
    case parallelStateAborted = "ParallelStateAborted"
    case parallelStateEntered = "ParallelStateEntered"
    case parallelStateExited = "ParallelStateExited"
    case parallelStateFailed = "ParallelStateFailed"
    case parallelStateStarted = "ParallelStateStarted"
    case parallelStateSucceeded = "ParallelStateSucceeded"
    case passStateEntered = "PassStateEntered"
    case passStateExited = "PassStateExited"
    case succeedStateEntered = "SucceedStateEntered"
    case succeedStateExited = "SucceedStateExited"
    case taskFailed = "TaskFailed"
    case taskScheduled = "TaskScheduled"
    case taskStarted = "TaskStarted"
    case taskStartFailed = "TaskStartFailed"
    case taskStateAborted = "TaskStateAborted"
    case taskStateEntered = "TaskStateEntered"
    case taskStateExited = "TaskStateExited"
    case taskSubmitFailed = "TaskSubmitFailed"
    case taskSubmitted = "TaskSubmitted"
    case taskSucceeded = "TaskSucceeded"
    case taskTimedOut = "TaskTimedOut"
    case waitStateAborted = "WaitStateAborted"
    case waitStateEntered = "WaitStateEntered"
    case waitStateExited = "WaitStateExited"
    case evaluationFailed = "EvaluationFailed"

    /// The key of this type's details object in the wire shape.
    public var detailsKey: String {
        HistoryEventType.detailsKeys[self] ?? HistoryEventType.makeDetailsKey(rawValue)
    }

    /// Every type's details key, derived once.
    private static let detailsKeys: [HistoryEventType: String] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0, makeDetailsKey($0.rawValue)) })

    private static func makeDetailsKey(_ raw: String) -> String {
        if raw.hasSuffix("StateEntered") { return "stateEnteredEventDetails" }
        if raw.hasSuffix("StateExited") { return "stateExitedEventDetails" }
        guard let first = raw.first else { return "EventDetails" }
        return first.lowercased() + raw.dropFirst() + "EventDetails"
    }
}
