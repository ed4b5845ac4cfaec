/// Strings and numbers: the leaves of `JSONParser`.
extension JSONParser {
    /// Parses a string starting at its opening quote. With `hash`, also stores `keyHash` of the
    /// decoded bytes there (object keys use it to find duplicates cheaply).
    mutating func parseString(hash: UnsafeMutablePointer<UInt64>?) throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        var high: UInt8 = 0
        // Fast path: no escapes. Jump eight bytes at a time to the first byte that is not plain
        // ASCII (the lowest flagged byte of `specialByteMask` is always a real one).
        while true {
            if index + 8 <= bytes.count, let base = bytes.baseAddress {
                let w = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let mask = JSONParser.specialByteMask(w)
                if mask == 0 {
                    index += 8
                    continue
                }
                index += mask.trailingZeroBitCount >> 3
            } else if index >= bytes.count {
                break
            }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if let hash { hash.pointee = keyHash(start: start, count: slice.count) }
                if high < 0x80 { return String(decoding: slice, as: UTF8.self) }
                guard let s = String(validating: slice, as: UTF8.self) else {
                    throw JSONParseError(.invalidUTF8, offset: start)
                }
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw JSONParseError(.controlCharacterInString, offset: index) }
            high |= b
            index += 1
        }
        guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
        return try parseEscapedString(start: start, hash: hash)
    }

    /// The slow path of `parseString`, from the first backslash on.
    mutating func parseEscapedString(start: Int, hash: UnsafeMutablePointer<UInt64>?) throws(JSONParseError)
        -> String
    {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                let result: String? = scratch.withUnsafeBufferPointer { buffer in
                    if let hash { hash.pointee = JSONParser.keyHash(buffer) }
                    return String(validating: buffer, as: UTF8.self)
                }
                guard let result else { throw JSONParseError(.invalidUTF8, offset: start) }
                return result
            }
            if b < 0x20 { throw JSONParseError(.controlCharacterInString, offset: index) }
            if b != UInt8(ascii: "\\") {
                scratch.append(b)
                index += 1
                continue
            }
            index += 1
            guard index < bytes.count else { throw JSONParseError(.unexpectedEnd, offset: index) }
            let e = bytes[index]
            index += 1
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                let escapeStart = index - 2
                var scalar = try parseHex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // High surrogate: a low surrogate escape must follow.
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    else { throw JSONParseError(.invalidUnicodeEscape, offset: escapeStart) }
                    index += 2
                    let low = try parseHex4()
                    guard low >= 0xDC00 && low < 0xE000 else {
                        throw JSONParseError(.invalidUnicodeEscape, offset: escapeStart)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    throw JSONParseError(.invalidUnicodeEscape, offset: escapeStart)
                }
                appendUTF8(scalar)
            default:
                throw JSONParseError(.invalidEscape, offset: index - 2)
            }
        }
        throw JSONParseError(.unexpectedEnd, offset: index)
    }

    /// Appends the UTF-8 encoding of a scalar value (never a surrogate, at most U+10FFFF).
    @inline(__always)
    mutating func appendUTF8(_ v: UInt32) {
        switch v {
        case 0..<0x80:
            scratch.append(UInt8(truncatingIfNeeded: v))
        case 0x80..<0x800:
            scratch.append(UInt8(truncatingIfNeeded: 0xC0 | (v >> 6)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(truncatingIfNeeded: 0xE0 | (v >> 12)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        default:
            scratch.append(UInt8(truncatingIfNeeded: 0xF0 | (v >> 18)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 12) & 0x3F)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | ((v >> 6) & 0x3F)))
            scratch.append(UInt8(truncatingIfNeeded: 0x80 | (v & 0x3F)))
        }
    }

    mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw JSONParseError(.unexpectedEnd, offset: bytes.count) }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b &- 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b &- 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b &- 55)
            default: throw JSONParseError(.invalidUnicodeEscape, offset: index)
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }

    /// The high bit of each of the eight bytes of `w` (little-endian) that is a quote, a backslash,
    /// a control character or non-ASCII. Borrows can also flag a plain byte, but only above a
    /// flagged one, so the lowest flagged byte is always a real one.
    @inline(__always)
    static func specialByteMask(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let control = w &- (ones &* 0x20)  // borrows into the high bit of bytes below 0x20
        return (zeroQuote | zeroBackslash | control | w) & highs
    }

    /// `keyHash` of the input bytes `start..<start+count`, reading whole words where it can.
    @inline(__always)
    func keyHash(start: Int, count: Int) -> UInt64 {
        if count < 8, start + 8 <= bytes.count, let base = bytes.baseAddress {
            let w = UnsafeRawPointer(base + start).loadUnaligned(as: UInt64.self)
            let low = count == 0 ? 0 : w & (UInt64.max >> UInt64(64 - 8 * count))
            return (UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15) ^ low
        }
        return JSONParser.keyHash(UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]))
    }

    /// A cheap hash of a key's UTF-8 bytes: its length and its first and last eight bytes.
    @inline(__always)
    static func keyHash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let n = key.count
        guard let p = key.baseAddress, n > 0 else { return 0 }
        let raw = UnsafeRawPointer(p)
        var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
        if n >= 8 {
            h ^= raw.loadUnaligned(as: UInt64.self)
            h = (h &* 0xBF58_476D_1CE4_E5B9) ^ raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        } else {
            var w: UInt64 = 0
            for i in 0..<n { w |= UInt64(p[i]) << UInt64(8 * i) }
            h ^= w
        }
        return h
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.count else { throw JSONParseError(.invalidNumber, offset: start) }
        // Integer part: accumulate up to 19 significant digits.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var droppedIntegerDigits = 0
        let first = bytes[index]
        if first == UInt8(ascii: "0") {
            index += 1
        } else if first >= UInt8(ascii: "1") && first <= UInt8(ascii: "9") {
            while index < bytes.count {
                let d = bytes[index] &- UInt8(ascii: "0")
                if d > 9 { break }
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significantDigits += 1
                } else {
                    droppedIntegerDigits += 1
                }
                index += 1
            }
        } else {
            throw JSONParseError(.invalidNumber, offset: start)
        }
        var isInteger = true
        var truncated = droppedIntegerDigits > 0
        var decimalExponent = droppedIntegerDigits
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            let digitsStart = index
            while index < bytes.count {
                let d = bytes[index] &- UInt8(ascii: "0")
                if d > 9 { break }
                if significantDigits < 19 {
                    if mantissa != 0 || d != 0 { significantDigits += 1 }
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    decimalExponent -= 1
                } else {
                    truncated = true  // precision lost: take the slow path
                }
                index += 1
            }
            if index == digitsStart { throw JSONParseError(.invalidNumber, offset: start) }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let digitsStart = index
            var exponent = 0
            while index < bytes.count {
                let d = bytes[index] &- UInt8(ascii: "0")
                if d > 9 { break }
                if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
                index += 1
            }
            if index == digitsStart { throw JSONParseError(.invalidNumber, offset: start) }
            decimalExponent += exponentNegative ? -exponent : exponent
        }
        if isInteger {
            if droppedIntegerDigits == 0, mantissa <= UInt64(Int64.max) {
                let v = Int64(mantissa)
                return JSONNumber(negative ? 0 &- v : v)
            }
            if negative, droppedIntegerDigits == 0, mantissa == UInt64(Int64.max) + 1 {
                return JSONNumber(Int64.min)
            }
            let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
            return JSONNumber(integerDigits: String(decoding: slice, as: UTF8.self))
        }
        // Exact fast path (Clinger): a mantissa below 2^53 times a power of ten below 10^23 is
        // correctly rounded by one IEEE multiplication or division.
        if !truncated, mantissa < (1 << 53), decimalExponent >= -22, decimalExponent <= 22 {
            var d = Double(mantissa)
            let p = JSONNumberFormatting.powersOfTen[Int(decimalExponent.magnitude)]
            d = decimalExponent < 0 ? d / p : d * p
            return JSONNumber(negative ? -d : d)
        }
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
        guard let d = Double(String(decoding: slice, as: UTF8.self)) else {
            throw JSONParseError(.invalidNumber, offset: start)
        }
        return JSONNumber(d)
    }

}
