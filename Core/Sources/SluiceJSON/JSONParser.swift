/// Why a JSON text could not be parsed, and where.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure.
    public enum Reason: Sendable, Hashable {
        case unexpectedEnd
        case unexpectedCharacter(UInt8)
        case invalidNumber
        case invalidEscape
        case invalidUnicodeEscape
        case invalidUTF8
        case controlCharacterInString
        case trailingCharacters
        case tooDeep(limit: Int)
    }

    public var reason: Reason
    /// Byte offset of the failure in the input.
    public var offset: Int

    public init(_ reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .unexpectedEnd: "Unexpected end of JSON input"
        case .unexpectedCharacter(let c): "Unexpected character '\(Character(Unicode.Scalar(c)))' at offset \(offset)"
        case .invalidNumber: "Invalid number at offset \(offset)"
        case .invalidEscape: "Invalid escape sequence at offset \(offset)"
        case .invalidUnicodeEscape: "Invalid unicode escape at offset \(offset)"
        case .invalidUTF8: "Invalid UTF-8 at offset \(offset)"
        case .controlCharacterInString: "Unescaped control character in string at offset \(offset)"
        case .trailingCharacters: "Unexpected characters after JSON value at offset \(offset)"
        case .tooDeep(let limit): "JSON nesting deeper than \(limit) levels at offset \(offset)"
        }
    }
}

extension JSONValue {
    /// The default maximum nesting depth of arrays and objects.
    public static let defaultMaxDepth = 512

    /// Parses a complete JSON text (RFC 8259). Never traps: malformed input throws `JSONParseError`.
    public init(parsing text: String, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { buffer in
            var parser = JSONParser(buffer, maxDepth: maxDepth)
            return Result { () throws(JSONParseError) in try parser.parseDocument() }
        }
        self = try result.get()
    }

    /// Parses a complete JSON text from UTF-8 bytes.
    public init(parsing bytes: some Collection<UInt8>, maxDepth: Int = JSONValue.defaultMaxDepth)
        throws(JSONParseError)
    {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            var parser = JSONParser(buffer, maxDepth: maxDepth)
            return Result { () throws(JSONParseError) in try parser.parseDocument() }
        }
        if let result {
            self = try result.get()
        } else {
            let array = Array(bytes)
            let r: Result<JSONValue, JSONParseError> = array.withUnsafeBufferPointer { buffer in
                var parser = JSONParser(buffer, maxDepth: maxDepth)
                return Result { () throws(JSONParseError) in try parser.parseDocument() }
            }
            self = try r.get()
        }
    }
}

/// A recursive-descent JSON parser over a UTF-8 buffer.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    let maxDepth: Int
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw JSONParseError(.trailingCharacters, offset: index) }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case let c:
            throw JSONParseError(.unexpectedCharacter(c), offset: index)
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let n = literal.utf8CodeUnitCount
        guard index + n <= bytes.count else { throw JSONParseError(.unexpectedEnd, offset: bytes.count) }
        let p = literal.utf8Start
        for i in 0..<n where bytes[index + i] != p[i] {
            throw JSONParseError(.unexpectedCharacter(bytes[index + i]), offset: index + i)
        }
        index += n
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw JSONParseError(.tooDeep(limit: maxDepth), offset: index) }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw JSONParseError(.unexpectedCharacter(bytes[index]), offset: index)
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw JSONParseError(.unexpectedCharacter(bytes[index]), offset: index)
            }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            object[key] = value
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(object)
            case let c: throw JSONParseError(.unexpectedCharacter(c), offset: index)
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1  // [
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue())
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(array)
            case let c: throw JSONParseError(.unexpectedCharacter(c), offset: index)
            }
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw JSONParseError(.invalidNumber, offset: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if bytes[index] >= UInt8(ascii: "1") && bytes[index] <= UInt8(ascii: "9") {
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
        } else {
            throw JSONParseError(.invalidNumber, offset: start)
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let digitsStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            if index == digitsStart { throw JSONParseError(.invalidNumber, offset: start) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            let digitsStart = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1
            }
            if index == digitsStart { throw JSONParseError(.invalidNumber, offset: start) }
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
        if isInteger {
            // Fast path: accumulate up to 18 digits without overflow.
            if slice.count <= 18 {
                var v: Int64 = 0
                var negative = false
                for b in slice {
                    if b == UInt8(ascii: "-") { negative = true } else { v = v &* 10 &+ Int64(b &- 48) }
                }
                return JSONNumber(negative ? -v : v)
            }
            return JSONNumber(integerDigits: String(decoding: slice, as: UTF8.self))
        }
        guard let d = Double(String(decoding: slice, as: UTF8.self)) else {
            throw JSONParseError(.invalidNumber, offset: start)
        }
        return JSONNumber(d)
    }

    mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                guard let s = String(validating: slice, as: UTF8.self) else {
                    throw JSONParseError(.invalidUTF8, offset: start)
                }
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw JSONParseError(.controlCharacterInString, offset: index) }
            index += 1
        }
        guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
        // Slow path with escapes.
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                guard let s = String(validating: out, as: UTF8.self) else {
                    throw JSONParseError(.invalidUTF8, offset: start)
                }
                return s
            }
            if b < 0x20 { throw JSONParseError(.controlCharacterInString, offset: index) }
            if b != UInt8(ascii: "\\") {
                out.append(b)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try parseHex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // High surrogate: a low surrogate must follow.
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw JSONParseError(.invalidUnicodeEscape, offset: index) }
                    index += 2
                    let low = try parseHex4()
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw JSONParseError(.invalidUnicodeEscape, offset: index)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw JSONParseError(.invalidUnicodeEscape, offset: index)
                }
                guard let u = Unicode.Scalar(scalar) else { throw JSONParseError(.invalidUnicodeEscape, offset: index) }
                out.append(contentsOf: UTF8.encode(u).map { Array($0) } ?? [])
            default:
                throw JSONParseError(.invalidEscape, offset: index - 1)
            }
        }
        throw JSONParseError(.unexpectedEnd, offset: index)
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - 55)
            default: throw JSONParseError(.invalidUnicodeEscape, offset: index)
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }
}
