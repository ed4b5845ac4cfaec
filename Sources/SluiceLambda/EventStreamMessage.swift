import SluiceDigest
import SluiceJSON

/// One message of the AWS event-stream binary framing (`application/vnd.amazon.eventstream`) as
/// InvokeWithResponseStream sends it: string headers (type 7) and a payload, with the prelude CRC and
/// the message CRC (CRC-32/IEEE).
public struct EventStreamMessage: Sendable, Hashable {
    /// Header names and string values, in order.
    public var headers: [(name: String, value: String)]
    public var payload: [UInt8]

    public init(headers: [(name: String, value: String)], payload: [UInt8]) {
        self.headers = headers
        self.payload = payload
    }

    /// A `PayloadChunk` event carrying raw response bytes.
    public static func payloadChunk(_ payload: [UInt8]) -> EventStreamMessage {
        EventStreamMessage(
            headers: [
                (":event-type", "PayloadChunk"),
                (":content-type", "application/octet-stream"),
                (":message-type", "event"),
            ], payload: payload)
    }

    /// The terminal `InvokeComplete` event; `payload` is its JSON object (`{}` on success, else
    /// `{"ErrorCode":…,"ErrorDetails":…,"LogResult":…}`).
    public static func invokeComplete(_ payload: [UInt8]) -> EventStreamMessage {
        EventStreamMessage(
            headers: [
                (":event-type", "InvokeComplete"),
                (":content-type", "application/json"),
                (":message-type", "event"),
            ], payload: payload)
    }

    /// `InvokeComplete` with its optional members, in the model's order (absent ones are left out):
    /// `{}` on success, `{"ErrorCode":…,"ErrorDetails":…}` for a function error, `LogResult` (the
    /// base64 log tail) only when the caller asked for `Tail`.
    public static func invokeComplete(errorCode: String?, errorDetails: String?, logResult: String?)
        -> EventStreamMessage
    {
        var members: [(key: String, value: JSONValue)] = []
        if let errorCode { members.append(("ErrorCode", .string(errorCode))) }
        if let errorDetails { members.append(("ErrorDetails", .string(errorDetails))) }
        if let logResult { members.append(("LogResult", .string(logResult))) }
        return invokeComplete(JSONValue.object(JSONObject(uniqueMembers: members)).serializedBytes)
    }

    /// The header value named `name`, if present.
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    public static func == (lhs: EventStreamMessage, rhs: EventStreamMessage) -> Bool {
        lhs.payload == rhs.payload && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for header in headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
        hasher.combine(payload)
    }

    // MARK: Encoding

    /// The framed bytes. Header names longer than 255 bytes and values longer than 65535 bytes are
    /// truncated (the format cannot express them; Lambda never uses such headers).
    public var encoded: [UInt8] {
        var headerBytes: [UInt8] = []
        for header in headers {
            let name = Array(header.name.utf8.prefix(255))
            let value = Array(header.value.utf8.prefix(65535))
            headerBytes.append(UInt8(name.count))
            headerBytes.append(contentsOf: name)
            headerBytes.append(7)
            headerBytes.append(UInt8(truncatingIfNeeded: value.count >> 8))
            headerBytes.append(UInt8(truncatingIfNeeded: value.count))
            headerBytes.append(contentsOf: value)
        }
        let total = 16 + headerBytes.count + payload.count
        var out: [UInt8] = []
        out.reserveCapacity(total)
        Self.appendUInt32(UInt32(truncatingIfNeeded: total), to: &out)
        Self.appendUInt32(UInt32(truncatingIfNeeded: headerBytes.count), to: &out)
        Self.appendUInt32(CRC32.checksum(out), to: &out)
        out.append(contentsOf: headerBytes)
        out.append(contentsOf: payload)
        Self.appendUInt32(CRC32.checksum(out), to: &out)
        return out
    }

    static func appendUInt32(_ value: UInt32, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: value >> 24))
        out.append(UInt8(truncatingIfNeeded: value >> 16))
        out.append(UInt8(truncatingIfNeeded: value >> 8))
        out.append(UInt8(truncatingIfNeeded: value))
    }
}
