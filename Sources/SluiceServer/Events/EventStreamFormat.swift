import NIOCore

/// How events are written to a watcher: JSON Lines (default) or Server-Sent Events.
enum EventStreamFormat: Sendable {
    /// `application/x-ndjson`: one event's JSON per line.
    case jsonLines
    /// `text/event-stream`: `id: N`, `event: TYPE`, `data: JSON`, a blank line.
    case serverSentEvents

    /// Server-Sent Events when the Accept header names `text/event-stream`, else JSON Lines.
    init(accept: String?) {
        self = (accept?.lowercased().contains("text/event-stream") ?? false) ? .serverSentEvents : .jsonLines
    }

    var contentType: String {
        switch self {
        case .jsonLines: "application/x-ndjson"
        case .serverSentEvents: "text/event-stream"
        }
    }

    /// The events framed for the wire, in one buffer (one write, one flush).
    func frame(_ events: [StreamedEvent]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(events.reduce(0) { $0 + $1.text.utf8.count + $1.type.utf8.count + 32 })
        for event in events {
            switch self {
            case .jsonLines:
                buffer.writeString(event.text)
                buffer.writeInteger(UInt8(ascii: "\n"))
            case .serverSentEvents:
                buffer.writeString("id: \(event.id)\nevent: \(event.type)\ndata: ")
                buffer.writeString(event.text)
                buffer.writeString("\n\n")
            }
        }
        return buffer
    }

    /// The notice that ends a feed before the execution closed: `fell-behind` (the watcher's
    /// buffer overflowed) or `server-stopping`. JSON Lines: `{"sluice":"fell-behind","lastEventId":N}`;
    /// Server-Sent Events: `event: fell-behind` with that JSON as data.
    func notice(_ name: String, lastEventId: Int) -> ByteBuffer {
        let json = #"{"sluice":"\#(name)","lastEventId":\#(lastEventId)}"#
        var buffer = ByteBuffer()
        switch self {
        case .jsonLines: buffer.writeString(json + "\n")
        case .serverSentEvents: buffer.writeString("event: \(name)\ndata: \(json)\n\n")
        }
        return buffer
    }
}
