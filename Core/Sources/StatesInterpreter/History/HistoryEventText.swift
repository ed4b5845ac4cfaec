import SluiceJSON

extension HistoryEvent {
    /// The event's compact JSON text: exactly `json.serialized`, written directly (no `JSONValue`
    /// tree for the event, and a state's input or output escaped straight from its serialised
    /// bytes). Use it to store or send history.
    public var serialized: String {
        JSONTextBuilder.text { write(to: &$0) }
    }

    /// `serialized` as UTF-8 bytes.
    public var serializedBytes: [UInt8] {
        JSONTextBuilder.bytes { write(to: &$0) }
    }

    /// Members in the order of `json`.
    func write(to out: inout JSONTextBuilder) {
        out.raw("{\"timestamp\":")
        out.number(HistoryEvent.epochSeconds(timestamp))
        out.raw(",\"type\":")
        out.string(type.rawValue)
        out.raw(",\"id\":")
        out.number(JSONNumber(id))
        out.raw(",\"previousEventId\":")
        out.number(JSONNumber(previousEventId))
        switch storedDetails {
        case .built(.none):
            break
        case .built(let details?):
            out.raw(",")
            out.string(type.detailsKey)
            out.raw(":")
            out.value(.object(details))
        case .stateEntered(let name, let input):
            out.raw(",\"stateEnteredEventDetails\":{\"name\":")
            out.string(name)
            out.raw(",\"input\":")
            input.write(to: &out)
            out.raw(",\"inputDetails\":{\"truncated\":false}}")
        case .stateExited(let name, let output):
            out.raw(",\"stateExitedEventDetails\":{\"name\":")
            out.string(name)
            out.raw(",\"output\":")
            output.write(to: &out)
            out.raw(",\"outputDetails\":{\"truncated\":false}}")
        }
        out.raw("}")
    }
}

extension EventPayload {
    /// Writes `.string(text)`.
    func write(to out: inout JSONTextBuilder) {
        switch self {
        case .text(let text): out.string(text)
        case .value(let value): out.serializedString(value)
        }
    }
}
