import SluiceDigest
import SluiceJSON

/// The intrinsic functions other than `States.Format`, one per method.
enum IntrinsicLibrary {
    /// AWS's limit on the input of `States.Base64Encode`, `States.Base64Decode` and `States.Hash`.
    static let maxEncodedInputLength = 10_000
    /// AWS's limit on the size of the array `States.ArrayRange` creates.
    static let maxRangeCount = 1_000

    static func stringToJson(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        let text = try args.string(0)
        if text.utf8.allSatisfy(PathParser.isSpace) { return .null }
        guard let value = try? JSONValue(parsing: text) else {
            throw args.failure()
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
        let size = try args.truncated(1)
        guard size > 0 else { throw args.failure() }
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
        // AWS compares the Java string forms: `true` matches "true", 42 matches "42", and objects
        // match only with their members in the same order.
        let array = try args.array(0)
        let target = args.values[1].javaToString
        return .bool(array.contains { $0.javaToString == target })
    }

    static func arrayRange(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(3)
        let start = try args.truncated(0)
        let end = try args.truncated(1)
        let step = try args.truncated(2)
        guard step != 0 else { throw args.failure() }
        if (step > 0 && start > end) || (step < 0 && start < end) { return .array([]) }
        let count = (end - start) / step + 1
        guard count <= maxRangeCount else {
            throw args.failure()
        }
        var out: [JSONValue] = []
        out.reserveCapacity(count)
        for i in 0..<count { out.append(.int(start + i * step)) }
        return .array(out)
    }

    static func arrayGetItem(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(2)
        let array = try args.array(0)
        let index = try args.truncated(1)
        guard index >= 0 else { throw args.failure() }
        // AWS answers null, not an error, for any index into an empty array.
        if array.isEmpty { return .null }
        guard index < array.count else { throw args.failure() }
        return array[index]
    }

    static func arrayLength(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        return .int(try args.array(0).count)
    }

    static func arrayUnique(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        return .array(JavaHashSet.uniqueInIterationOrder(try args.array(0)))
    }

    static func base64Encode(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        let text = try args.string(0)
        guard text.utf16.count <= maxEncodedInputLength else {
            throw args.failure()
        }
        return .string(Base64.encode(Array(text.utf8)))
    }

    static func base64Decode(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(1)
        let text = try args.string(0)
        guard text.utf16.count <= maxEncodedInputLength else {
            throw args.failure()
        }
        return .string(String(decoding: Base64.decodeLeniently(text), as: UTF8.self))
    }

    static func hash(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(2)
        // AWS hashes a non-string datum through its JSON text.
        let data = args.values[0].stringValue ?? args.values[0].serialized
        let algorithm = try args.string(1)
        guard data.utf16.count <= maxEncodedInputLength else {
            throw args.failure()
        }
        let bytes = Array(data.utf8)
        let digest: [UInt8]
        switch algorithm {
        case "MD5": digest = Digest.md5(bytes)
        case "SHA-1": digest = Digest.sha1(bytes)
        case "SHA-256": digest = Digest.sha256(bytes)
        case "SHA-384": digest = Digest.sha384(bytes)
        case "SHA-512": digest = Digest.sha512(bytes)
        default:
            throw args.failure()
        }
        return .string(hex(digest))
    }

    static func jsonMerge(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(3)
        var merged = try args.object(0)
        let other = try args.object(1)
        // Only `true` asks for the unsupported deep merge; AWS treats anything else as shallow.
        if case .bool(true) = args.values[2] { throw args.failure() }
        for m in other { merged[m.key] = m.value }
        return .object(merged)
    }

    static func mathRandom(_ args: inout IntrinsicArguments, random: inout SeededRandom) throws(StatesError) -> JSONValue {
        try args.requireCount(2...3)
        let start = try args.truncated(0)
        let end = try args.truncated(1)
        guard start < end else { throw args.failure() }
        let span = end - start
        // Java's Random.nextInt(end - start) needs the span to fit an int.
        guard span <= Int(Int32.max) else { throw args.failure() }
        if args.values.count == 3 {
            let seed = try args.truncated(2)
            var seeded = JavaRandom(seed: Int64(seed))
            return .int(start + Int(seeded.nextInt(bound: Int32(span))))
        }
        return .int(start + Int(random.next(upperBound: UInt64(span))))
    }

    static func mathAdd(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        try args.requireCount(2)
        let a = try args.rounded(0)
        let b = try args.rounded(1)
        return .int(try args.inInt32(a + b))
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
