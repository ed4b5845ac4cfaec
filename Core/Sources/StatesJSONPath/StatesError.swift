/// A States Language runtime error: an error name (`States.Runtime`, `States.IntrinsicFailure`, …) and
/// its cause text as AWS words it.
///
/// Expression evaluation reports the *tail* of AWS's cause (for example
/// `The JSONPath '$.x' specified for the field 'value.$' could not be found in the input '{}'`); the
/// interpreter prefixes `An error occurred while executing the state 'S' (entered at the event id #N). `.
public struct StatesError: Error, Sendable, Hashable, CustomStringConvertible {
    public var error: String
    public var cause: String

    public init(_ error: String, _ cause: String) {
        self.error = error
        self.cause = cause
    }

    public static func runtime(_ cause: String) -> StatesError { StatesError("States.Runtime", cause) }
    public static func intrinsicFailure(_ cause: String) -> StatesError { StatesError("States.IntrinsicFailure", cause) }

    public var description: String { "\(error): \(cause)" }
}
