import SluiceJSON

/// A history event's details as the engine records them: built, or a state's entered/exited
/// details kept as their parts and turned into the wire object only when read.
///
/// The serialised input or output is the costliest part of an event; keeping the `JSONValue`
/// (an immutable value) and serialising it when `HistoryEvent.details` is read gives exactly the
/// text an eager build would have.
enum EventDetails: Sendable {
    case built(JSONObject?)
    /// `…StateEntered`: `name`, `input`, `inputDetails`.
    case stateEntered(name: String, input: EventPayload)
    /// `…StateExited` without assigned variables: `name`, `output`, `outputDetails`.
    case stateExited(name: String, output: EventPayload)

    /// The wire-shape details object.
    var object: JSONObject? {
        switch self {
        case .built(let object): object
        case .stateEntered(let name, let input):
            JSONObject(unique: ("name", .string(name)), ("input", .string(input.text)), ("inputDetails", Engine.notTruncated))
        case .stateExited(let name, let output):
            JSONObject(unique: ("name", .string(name)), ("output", .string(output.text)), ("outputDetails", Engine.notTruncated))
        }
    }
}

/// A state's input or output in an event: its exact text when the engine has one (an execution
/// input keeps the caller's formatting), else the value, serialised when read.
enum EventPayload: Sendable {
    case text(String)
    case value(JSONValue)

    init(_ value: JSONValue, text: String?) {
        if let text { self = .text(text) } else { self = .value(value) }
    }

    var text: String {
        switch self {
        case .text(let text): text
        case .value(let value): value.serialized
        }
    }
}
