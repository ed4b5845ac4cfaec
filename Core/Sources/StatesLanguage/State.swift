public import SluiceJSON
public import StatesJSONPath

/// One state of a definition: its name, its type-specific fields (`kind`) and the fields that
/// several state types share.
///
/// Shared fields a state type does not allow are left at their defaults (the validator rejects
/// definitions that set them). A Map state's `Parameters` is its legacy item selector and is found
/// in `MapState.itemSelector`, not in `parameters`.
public struct State: Sendable, Hashable {
    /// The state's name (its key in `States`).
    public let name: String
    /// The type and its own fields.
    public let kind: Kind
    /// `Comment`.
    public let comment: String?
    /// The effective query language: the state's `QueryLanguage`, else the top-level one.
    public let queryLanguage: QueryLanguage

    /// `InputPath` (JSONPath mode).
    public let inputPath: InputOutputPath
    /// `OutputPath` (JSONPath mode).
    public let outputPath: InputOutputPath
    /// `Parameters` of Pass, Task and Parallel states (JSONPath mode).
    public let parameters: PayloadTemplate?
    /// `ResultSelector` of Task, Map and Parallel states (JSONPath mode).
    public let resultSelector: PayloadTemplate?
    /// `ResultPath` (JSONPath mode); `$` when absent, `ResultPath(nil)` (keep the input) for null.
    public let resultPath: ResultPath
    /// `Assign`: variables set when the state completes.
    public let assign: VariableAssignment?
    /// `Arguments` (JSONata mode), unevaluated.
    public let arguments: JSONValue?
    /// `Output` (JSONata mode), unevaluated.
    public let output: JSONValue?
    /// `Next` or `End`; `nil` for Choice, Succeed and Fail, which have neither.
    public let transition: Transition?
    /// `Retry` of Task, Map and Parallel states, in order.
    public let retriers: [Retrier]
    /// `Catch` of Task, Map and Parallel states, in order.
    public let catchers: [Catcher]

    /// The state types and their own fields.
    public enum Kind: Sendable, Hashable {
        case pass(PassState)
        case task(TaskState)
        case choice(ChoiceState)
        case wait(WaitState)
        case succeed
        case fail(FailState)
        case parallel(ParallelState)
        case map(MapState)
    }

    /// The `Type` string of the state (`"Pass"`, `"Task"`, …), as history events name it.
    public var typeName: String {
        switch kind {
        case .pass: "Pass"
        case .task: "Task"
        case .choice: "Choice"
        case .wait: "Wait"
        case .succeed: "Succeed"
        case .fail: "Fail"
        case .parallel: "Parallel"
        case .map: "Map"
        }
    }

    /// Whether reaching this state ends its graph (`End: true`, Succeed or Fail).
    public var isTerminal: Bool {
        switch kind {
        case .succeed, .fail: return true
        case .choice: return false
        default: return transition == .end
        }
    }
}

/// Where a state goes when it completes.
public enum Transition: Sendable, Hashable {
    /// `Next`: the name of the following state.
    case next(String)
    /// `End: true`.
    case end

    /// The name of the following state, `nil` for `End`.
    public var nextState: String? {
        if case .next(let name) = self { name } else { nil }
    }
}

/// An `InputPath` or `OutputPath`, which tells apart an absent field from an explicit `null`.
public enum InputOutputPath: Sendable, Hashable {
    /// Absent or `"$"`: the value passes through unchanged.
    case identity
    /// `null`: the value is replaced by `{}`.
    case null
    /// A path that selects the value.
    case path(Path)
}

/// An `Assign` field.
public enum VariableAssignment: Sendable, Hashable {
    /// JSONPath mode: an object whose keys are variable names, `.$` keys evaluated as paths.
    case jsonPath(PayloadTemplate)
    /// JSONata mode: the object as written, its `{% %}` strings to be evaluated later.
    case jsonata(JSONValue)
}

/// A value that is written literally, read from a path (`…Path` fields) or computed by a JSONata
/// expression (`{% %}` string in JSONata mode).
public enum ValueSource<Literal: Sendable & Hashable>: Sendable, Hashable {
    case literal(Literal)
    case path(Path)
    /// The field as written, a `{% %}` string, evaluated later.
    case jsonata(JSONValue)
}
