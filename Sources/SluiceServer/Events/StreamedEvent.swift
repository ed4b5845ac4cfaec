import SluiceJSON
import StatesInterpreter

/// One history event as watchers receive it: its id, its wire JSON text (exactly what
/// GetExecutionHistory gives for it) and its type.
struct StreamedEvent: Sendable, Equatable {
    let id: Int
    let text: String
    /// The event's `type` (`ExecutionStarted`, `WaitStateEntered`, …).
    let type: String
    /// Whether this is the execution's closing event (succeeded, failed, aborted, timed out).
    let closes: Bool

    static let closingTypes: Set<String> = [
        "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut",
    ]

    init(id: Int, text: String, type: String) {
        self.id = id
        self.text = text
        self.type = type
        closes = Self.closingTypes.contains(type)
    }

    /// An event as the interpreter made it.
    init(_ event: HistoryEvent) {
        self.init(id: event.id, text: event.serialized, type: event.type.rawValue)
    }

    /// An event as stored: the type is read from the text.
    init(id: Int, text: String) {
        self.init(id: id, text: text, type: Self.type(of: text))
    }

    /// The top-level `type` of an event's wire text. The serializer writes `timestamp` (a number)
    /// first and `type` second, so the first `"type":"` is the top-level member; inside string
    /// values quotes are escaped, so it cannot be mistaken for one.
    static func type(of text: String) -> String {
        let bytes = text.utf8
        let key = Array(#""type":""#.utf8)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            if bytes[index] == key[0], bytes[index...].starts(with: key) {
                let start = bytes.index(index, offsetBy: key.count)
                guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\"")) else { return "" }
                return String(decoding: bytes[start..<end], as: UTF8.self)
            }
            index = bytes.index(after: index)
        }
        return ""
    }
}
