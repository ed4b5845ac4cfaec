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

/// A strict (RFC 8259) recursive-descent JSON parser over a UTF-8 buffer.
///
/// Rejects malformed text, invalid UTF-8 (overlong forms, encoded surrogates, bytes past U+10FFFF),
/// lone `\u` surrogates, unescaped control characters and leading zeros, and fails with
/// `JSONParseError.Reason.tooDeep` past `maxDepth` nested arrays/objects. A repeated object key keeps
/// its first position and its last value (as Jackson's tree model does).
///
/// Speed: members and elements of the containers being parsed are gathered on two scratch stacks
/// shared by the whole parse, so each array/object is allocated once at its exact size; keys are
/// compared by a cheap hash before their text; ASCII strings without escapes are built straight
/// from the input bytes.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    let maxDepth: Int
    var depth = 0
    /// Members of the objects being parsed, innermost last.
    var memberStack = ScratchStack<JSONObject.Entry>(capacity: 64)
    /// Key hashes parallel to `memberStack`.
    var keyHashStack = ScratchStack<UInt64>(capacity: 64)
    /// Elements of the arrays being parsed, innermost last.
    var elementStack = ScratchStack<JSONValue>(capacity: 64)
    /// Decoded bytes of a string with escapes.
    var scratch: [UInt8] = []

    /// Objects with more members than this find duplicate keys through a dictionary.
    static let linearKeyLimit = 24

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        defer {
            memberStack.release()
            keyHashStack.release()
            elementStack.release()
        }
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

    @inline(__always)
    func unexpected() -> JSONParseError {
        index < bytes.count
            ? JSONParseError(.unexpectedCharacter(bytes[index]), offset: index)
            : JSONParseError(.unexpectedEnd, offset: index)
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
        switch bytes[index] {
        case UInt8(ascii: "\""): return .string(try parseString(hash: nil))
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case let c:
            throw JSONParseError(.unexpectedCharacter(c), offset: index)
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let n = literal.utf8CodeUnitCount
        let p = literal.utf8Start
        for i in 0..<n {
            guard index + i < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: bytes.count) }
            if bytes[index + i] != p[i] {
                throw JSONParseError(.unexpectedCharacter(bytes[index + i]), offset: index + i)
            }
        }
        index += n
    }

    @inline(__always)
    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth { throw JSONParseError(.tooDeep(limit: maxDepth), offset: index) }
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1  // {
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(JSONObject())
        }
        let base = memberStack.count
        var lookup: [String: Int]? = nil
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw unexpected() }
            var hash: UInt64 = 0
            let key = try parseString(hash: &hash)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected() }
            index += 1
            skipWhitespace()
            let value = try parseValue()
            let count = memberStack.count - base
            var duplicate: Int? = nil
            if let lookup {
                duplicate = lookup[key]
            } else {
                var j = base
                while j < memberStack.count {
                    if keyHashStack[j] == hash, memberStack.hasKey(key, at: j) {
                        duplicate = j - base
                        break
                    }
                    j += 1
                }
            }
            if let duplicate {
                memberStack.setValue(value, at: base + duplicate)
            } else {
                memberStack.push(JSONObject.Entry(key: key, value: value))
                keyHashStack.push(hash)
                if lookup != nil {
                    lookup?[key] = count
                } else if count + 1 > JSONParser.linearKeyLimit {
                    var table: [String: Int] = [:]
                    table.reserveCapacity(2 * (count + 1))
                    for j in base..<memberStack.count { table[memberStack[j].key] = j - base }
                    lookup = table
                }
            }
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                keyHashStack.pop(to: base)
                return .object(JSONObject(entries: memberStack.popArray(from: base)))
            case let c: throw JSONParseError(.unexpectedCharacter(c), offset: index)
            }
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1  // [
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let base = elementStack.count
        while true {
            let value = try parseValue()
            elementStack.push(value)
            skipWhitespace()
            guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elementStack.popArray(from: base))
            case let c: throw JSONParseError(.unexpectedCharacter(c), offset: index)
            }
        }
    }
}
