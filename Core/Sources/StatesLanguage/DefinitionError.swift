/// Why a definition document could not be turned into a `StateMachine`, with AWS-style message text
/// (`… at /States/X/Field`).
public struct DefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message, worded like AWS's `SCHEMA_VALIDATION_FAILED` diagnostics.
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
