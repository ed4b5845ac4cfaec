import SluiceDigest

/// Why event-stream bytes could not be decoded.
public enum EventStreamDecodingError: Error, Sendable, Equatable {
    case truncated
    case invalidLengths
    case preludeChecksumMismatch
    case messageChecksumMismatch
    case unsupportedHeaderType(UInt8)
    case invalidUTF8
}

/// Decodes event-stream messages (string, bool, integer, bytes, timestamp and uuid headers; non-string
/// values are rendered as text). For tests and tools: checks both CRCs and every length.
public enum EventStreamDecoder {
    /// Decodes every complete message of `bytes`; throws on trailing partial data.
    public static func decodeAll(_ bytes: [UInt8]) throws(EventStreamDecodingError) -> [EventStreamMessage] {
        var messages: [EventStreamMessage] = []
        var offset = 0
        while offset < bytes.count {
            let (message, length) = try decode(bytes, at: offset)
            messages.append(message)
            offset += length
        }
        return messages
    }

    /// Decodes the message starting at `offset`; returns it and its length in bytes.
    public static func decode(_ bytes: [UInt8], at offset: Int) throws(EventStreamDecodingError) -> (EventStreamMessage, Int) {
        guard offset >= 0, bytes.count - offset >= 16 else { throw .truncated }
        let total = Int(readUInt32(bytes, offset))
        let headersLength = Int(readUInt32(bytes, offset + 4))
        guard total >= 16, headersLength <= total - 16 else { throw .invalidLengths }
        guard bytes.count - offset >= total else { throw .truncated }
        guard CRC32.checksum(bytes[offset..<(offset + 8)]) == readUInt32(bytes, offset + 8) else {
            throw .preludeChecksumMismatch
        }
        guard CRC32.checksum(bytes[offset..<(offset + total - 4)]) == readUInt32(bytes, offset + total - 4) else {
            throw .messageChecksumMismatch
        }
        var headers: [(name: String, value: String)] = []
        var cursor = offset + 12
        let headersEnd = cursor + headersLength
        while cursor < headersEnd {
            let nameLength = Int(bytes[cursor])
            cursor += 1
            guard headersEnd - cursor >= nameLength + 1 else { throw .invalidLengths }
            guard let name = String(validating: bytes[cursor..<(cursor + nameLength)], as: UTF8.self) else {
                throw .invalidUTF8
            }
            cursor += nameLength
            let type = bytes[cursor]
            cursor += 1
            let value: String
            switch type {
            case 0: value = "true"
            case 1: value = "false"
            case 2, 3, 4, 5, 8:
                let width = [2: 1, 3: 2, 4: 4, 5: 8, 8: 8][Int(type)] ?? 8
                guard headersEnd - cursor >= width else { throw .invalidLengths }
                var number: Int64 = 0
                for byte in bytes[cursor..<(cursor + width)] { number = number << 8 | Int64(byte) }
                value = String(number)
                cursor += width
            case 6, 7:
                guard headersEnd - cursor >= 2 else { throw .invalidLengths }
                let length = Int(bytes[cursor]) << 8 | Int(bytes[cursor + 1])
                cursor += 2
                guard headersEnd - cursor >= length else { throw .invalidLengths }
                if type == 7 {
                    guard let text = String(validating: bytes[cursor..<(cursor + length)], as: UTF8.self) else {
                        throw .invalidUTF8
                    }
                    value = text
                } else {
                    value = bytes[cursor..<(cursor + length)].map { hex($0) }.joined()
                }
                cursor += length
            case 9:
                guard headersEnd - cursor >= 16 else { throw .invalidLengths }
                value = bytes[cursor..<(cursor + 16)].map { hex($0) }.joined()
                cursor += 16
            default:
                throw .unsupportedHeaderType(type)
            }
            headers.append((name, value))
        }
        let payload = Array(bytes[headersEnd..<(offset + total - 4)])
        return (EventStreamMessage(headers: headers, payload: payload), total)
    }

    static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
