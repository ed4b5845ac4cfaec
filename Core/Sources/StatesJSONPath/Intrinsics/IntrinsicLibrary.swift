import SluiceJSON

/// The intrinsic functions other than `States.Format`, one per method.
enum IntrinsicLibrary {
    /// AWS's limit on the input of `States.Base64Encode`, `States.Base64Decode` and `States.Hash`.
    static let maxEncodedInputLength = 10_000
    /// AWS's limit on the size of the array `States.ArrayRange` creates.
    static let maxRangeCount = 1_000
    /// The range of integers `States.MathAdd` and `States.MathRandom` accept.
    static let int32Range = Int(Int32.min)...Int(Int32.max)

    static func stringToJson(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        let text = try args.string(0)
        if text.utf8.allSatisfy(PathParser.isSpace) { return .null }
        guard let value = try? JSONValue(parsing: text) else {
            throw args.failure("the string is not valid JSON: \(text)")
        }
        return value
    }

    static func jsonToString(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        return .string(args.values[0].serialized)
    }

    static func arrayPartition(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(2)
        let array = try args.array(0)
        let size = try args.integer(1)
        guard size > 0 else { throw args.failure("the chunk size must be greater than 0") }
        var chunks: [JSONValue] = []
        chunks.reserveCapacity(array.count / size + 1)
        var start = 0
        while start < array.count {
            let end = start + min(size, array.count - start)
            chunks.append(.array(Array(array[start..<end])))
            start = end
        }
        return .array(chunks)
    }

    static func arrayContains(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(2)
        let array = try args.array(0)
        let value = args.values[1]
        return .bool(array.contains(value))
    }

    static func arrayRange(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(3)
        let start = try args.integer(0)
        let end = try args.integer(1)
        let step = try args.integer(2)
        guard int32Range.contains(start), int32Range.contains(end), int32Range.contains(step) else {
            throw args.failure("the arguments must be between \(Int32.min) and \(Int32.max)")
        }
        guard step != 0 else { throw args.failure("the step must not be 0") }
        if (step > 0 && start > end) || (step < 0 && start < end) { return .array([]) }
        let count = (end - start) / step + 1
        guard count <= maxRangeCount else {
            throw args.failure("the array range cannot contain more than \(maxRangeCount) items")
        }
        var out: [JSONValue] = []
        out.reserveCapacity(count)
        for i in 0..<count { out.append(.int(start + i * step)) }
        return .array(out)
    }

    static func arrayGetItem(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(2)
        let array = try args.array(0)
        let index = try args.integer(1)
        guard index >= 0, index < array.count else {
            throw args.failure("index \(index) is out of bounds for an array of length \(array.count)")
        }
        return array[index]
    }

    static func arrayLength(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        return .int(try args.array(0).count)
    }

    static func arrayUnique(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        let array = try args.array(0)
        var seen = Set<JSONValue>()
        var out: [JSONValue] = []
        for element in array where seen.insert(element).inserted { out.append(element) }
        return .array(out)
    }

    static func base64Encode(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        let text = try args.string(0)
        guard text.utf16.count <= maxEncodedInputLength else {
            throw args.failure("the input string cannot be longer than \(maxEncodedInputLength) characters")
        }
        return .string(Base64.encode(Array(text.utf8)))
    }

    static func base64Decode(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        let text = try args.string(0)
        guard text.utf16.count <= maxEncodedInputLength else {
            throw args.failure("the input string cannot be longer than \(maxEncodedInputLength) characters")
        }
        guard let bytes = Base64.decode(text) else { throw args.failure("the input is not valid Base64: \(text)") }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    static func hash(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(2)
        let data = try args.string(0)
        let algorithm = try args.string(1)
        guard data.utf16.count <= maxEncodedInputLength else {
            throw args.failure("the input data cannot be longer than \(maxEncodedInputLength) characters")
        }
        let bytes = Array(data.utf8)
        let digest: [UInt8]
        switch algorithm {
        case "MD5": digest = MD5.digest(bytes)
        case "SHA-1": digest = SHA1.digest(bytes)
        case "SHA-256": digest = SHA256.digest(bytes)
        case "SHA-384": digest = SHA512.digest(bytes, variant: .sha384)
        case "SHA-512": digest = SHA512.digest(bytes, variant: .sha512)
        default:
            throw args.failure(
                "the hash algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512 but was \(algorithm)")
        }
        return .string(hex(digest))
    }

    static func jsonMerge(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(3)
        var merged = try args.object(0)
        let other = try args.object(1)
        let deep = try args.bool(2)
        guard !deep else { throw args.failure("deep merge is not supported; the third argument must be false") }
        for m in other { merged[m.key] = m.value }
        return .object(merged)
    }

    static func mathRandom(_ args: inout IntrinsicArguments, random: inout SeededRandom) throws(StatesError) -> JSONValue {
        try args.requireCount(2...3)
        let start = try args.rounded(0)
        let end = try args.rounded(1)
        guard int32Range.contains(start), int32Range.contains(end) else {
            throw args.failure("the start and end values must be between \(Int32.min) and \(Int32.max)")
        }
        guard start < end else { throw args.failure("the start value must be less than the end value") }
        let span = end - start
        if args.values.count == 3 {
            let seed = try args.rounded(2)
            guard span <= Int(Int32.max) else { throw args.failure("the range between start and end is too large") }
            var seeded = JavaRandom(seed: Int64(seed))
            return .int(start + Int(seeded.nextInt(bound: Int32(span))))
        }
        return .int(start + Int(random.next(upperBound: UInt64(span))))
    }

    static func mathAdd(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(2)
        let a = try args.rounded(0)
        let b = try args.rounded(1)
        guard int32Range.contains(a), int32Range.contains(b) else {
            throw args.failure("the values must be between \(Int32.min) and \(Int32.max)")
        }
        return .int(a + b)
    }

    /// Splits like Java's `StringTokenizer`: every character of the second argument is a delimiter
    /// and empty tokens are dropped.
    static func stringSplit(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(2)
        let text = try args.string(0)
        let delimiters = Set(try args.string(1).unicodeScalars)
        var out: [JSONValue] = []
        var token = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if delimiters.contains(scalar) {
                if !token.isEmpty {
                    out.append(.string(String(token)))
                    token = String.UnicodeScalarView()
                }
            } else {
                token.append(scalar)
            }
        }
        if !token.isEmpty { out.append(.string(String(token))) }
        return .array(out)
    }

    /// A version 4 UUID drawn from the seeded generator.
    static func uuid(_ args: inout IntrinsicArguments, random: inout SeededRandom) throws(StatesError) -> JSONValue {
        try args.requireCount(0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16)
        for _ in 0..<2 {
            let word = random.next()
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let h = hex(bytes)
        let u = Array(h.utf8)
        func part(_ r: Range<Int>) -> String { String(decoding: u[r], as: UTF8.self) }
        return .string("\(part(0..<8))-\(part(8..<12))-\(part(12..<16))-\(part(16..<20))-\(part(20..<32))")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
