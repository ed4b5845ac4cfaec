public import SluiceJSON
public import StatesJSONPath

/// A payload field that is a JSONPath-mode template or, in JSONata mode, a value whose `{% %}`
/// strings are evaluated later.
public enum Template: Sendable, Hashable {
    case jsonPath(PayloadTemplate)
    case jsonata(JSONValue)
}

/// A string field that may be written literally, computed from a path or intrinsic function
/// (`ErrorPath`, `CausePath`) or computed by a JSONata expression.
public enum StringSource: Sendable, Hashable {
    case literal(String)
    case dynamic(DynamicValue)
    /// The field as written, a `{% %}` string, evaluated later.
    case jsonata(JSONValue)
}

/// The fields of a Pass state.
public struct PassState: Sendable, Hashable {
    /// `Result`, copied as is (its `.$` keys are not evaluated).
    public let result: JSONValue?
}

/// The fields of a Task state.
public struct TaskState: Sendable, Hashable {
    /// `Resource`: the ARN of the work to do.
    public let resource: String
    /// `TimeoutSeconds` / `TimeoutSecondsPath`.
    public let timeoutSeconds: ValueSource<Int>?
    /// `HeartbeatSeconds` / `HeartbeatSecondsPath`.
    public let heartbeatSeconds: ValueSource<Int>?
    /// `Credentials`.
    public let credentials: Template?
}

/// The fields of a Wait state.
public struct WaitState: Sendable, Hashable {
    /// How long to wait.
    public let duration: WaitDuration
}

/// A Wait state's `Seconds`, `SecondsPath`, `Timestamp` or `TimestampPath`.
public enum WaitDuration: Sendable, Hashable {
    case seconds(ValueSource<Int>)
    case timestamp(ValueSource<Timestamp>)
}

/// The fields of a Fail state.
public struct FailState: Sendable, Hashable {
    /// `Error` / `ErrorPath`.
    public let error: StringSource?
    /// `Cause` / `CausePath`.
    public let cause: StringSource?
}

/// The fields of a Choice state.
public struct ChoiceState: Sendable, Hashable {
    /// `Choices`, in order: the first rule that matches decides.
    public let choices: [ChoiceRule]
    /// `Default`: where to go when no rule matches.
    public let defaultState: String?
}

/// The fields of a Parallel state.
public struct ParallelState: Sendable, Hashable {
    /// `Branches`, in order.
    public let branches: [StateGraph]
}

/// The fields of a Map state.
public struct MapState: Sendable, Hashable {
    /// `ItemProcessor` (or the legacy `Iterator`).
    public let processor: ItemProcessor
    /// Whether the processor was written as the legacy `Iterator`.
    public let usesIterator: Bool
    /// `ItemsPath` (JSONPath mode); `.identity` when absent.
    public let itemsPath: InputOutputPath
    /// `Items` (JSONata mode), unevaluated.
    public let items: JSONValue?
    /// `ItemSelector`, or the legacy `Parameters`.
    public let itemSelector: Template?
    /// `MaxConcurrency` / `MaxConcurrencyPath`; `nil` (absent) and 0 mean no limit.
    public let maxConcurrency: ValueSource<Int>?
    /// `ToleratedFailureCount` / `ToleratedFailureCountPath`.
    public let toleratedFailureCount: ValueSource<Int>?
    /// `ToleratedFailurePercentage` / `ToleratedFailurePercentagePath`.
    public let toleratedFailurePercentage: ValueSource<JSONNumber>?
    /// `ItemReader`.
    public let itemReader: ItemReader?
    /// `ItemBatcher`.
    public let itemBatcher: ItemBatcher?
    /// `ResultWriter`.
    public let resultWriter: ResultWriter?
    /// `Label`.
    public let label: String?
}

/// A Map state's `ItemProcessor` (or `Iterator`): the states run for each item and how.
public struct ItemProcessor: Sendable, Hashable {
    /// `StartAt`, `States`, `Comment`.
    public let graph: StateGraph
    /// `ProcessorConfig.Mode`; `.inline` when absent.
    public let mode: ProcessorMode
    /// `ProcessorConfig.ExecutionType` (Distributed mode: `STANDARD` or `EXPRESS`).
    public let executionType: String?
}

/// How a Map state runs its items.
public enum ProcessorMode: String, Sendable, Hashable {
    case inline = "INLINE"
    case distributed = "DISTRIBUTED"
}

/// A Map state's `ItemReader`, kept as written.
public struct ItemReader: Sendable, Hashable {
    /// `Resource`, e.g. `arn:aws:states:::s3:getObject`.
    public let resource: String
    /// `ReaderConfig`.
    public let readerConfig: JSONValue?
    /// `Parameters` (JSONPath) or `Arguments` (JSONata).
    public let parameters: Template?
}

/// A Map state's `ItemBatcher`.
public struct ItemBatcher: Sendable, Hashable {
    /// `MaxItemsPerBatch` / `MaxItemsPerBatchPath`.
    public let maxItemsPerBatch: ValueSource<Int>?
    /// `MaxInputBytesPerBatch` / `MaxInputBytesPerBatchPath`.
    public let maxInputBytesPerBatch: ValueSource<Int>?
    /// `BatchInput`.
    public let batchInput: Template?
}

/// A Map state's `ResultWriter`, kept as written.
public struct ResultWriter: Sendable, Hashable {
    /// `Resource`.
    public let resource: String?
    /// `Parameters` (JSONPath) or `Arguments` (JSONata).
    public let parameters: Template?
    /// `WriterConfig`.
    public let writerConfig: JSONValue?
}
