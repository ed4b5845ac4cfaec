import Foundation

/// The environment variables a runtime process gets, as AWS sets them.
enum LambdaEnvironment {
    /// Host variables passed through so local tools work (AWS's PATH would not find them here).
    static let passedThrough = ["PATH", "HOME", "LANG", "LD_LIBRARY_PATH", "TMPDIR", "USER"]

    static func variables(
        for function: LambdaFunction, region: String, runtimeAPI: String, extra: [String: String],
        host: [String: String]
    ) -> [String: String] {
        var variables: [String: String] = [:]
        for name in passedThrough { if let value = host[name] { variables[name] = value } }
        if variables["PATH"] == nil { variables["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        if variables["LANG"] == nil { variables["LANG"] = "en_US.UTF-8" }
        for (name, value) in function.environment { variables[name] = value }
        for (name, value) in extra { variables[name] = value }
        let reserved: [String: String] = [
            "AWS_LAMBDA_RUNTIME_API": runtimeAPI,
            "_HANDLER": function.handler,
            "LAMBDA_TASK_ROOT": function.codeDirectory,
            "LAMBDA_RUNTIME_DIR": function.codeDirectory,
            "AWS_LAMBDA_FUNCTION_NAME": function.name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(function.memorySizeMB),
            "AWS_LAMBDA_FUNCTION_TIMEOUT": String(function.timeoutSeconds),
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/\(function.name)",
            "AWS_LAMBDA_LOG_STREAM_NAME": logStreamName(),
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "AWS_SESSION_TOKEN": "sluice-local-session-token",
            "TZ": ":UTC",
        ]
        for (name, value) in reserved { variables[name] = value }
        return variables
    }

    /// `2026/11/21/[$LATEST]` + 32 hex digits, as Lambda names its log streams.
    static func logStreamName(now: Date = Date()) -> String {
        var seconds = time_t(now.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let day = "\(parts.tm_year + 1900)/\(pad(Int(parts.tm_mon) + 1))/\(pad(Int(parts.tm_mday)))"
        return "\(day)/[$LATEST]\(RandomHex.digits(32))"
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

/// Random lowercase hex strings.
enum RandomHex {
    static func digits(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdef")
        return String((0..<count).map { _ in alphabet[Int(generator.next() & 0xF)] })
    }
}

/// X-Ray trace headers for invocations that arrive without one.
enum TraceID {
    /// `Root=1-<8 hex seconds>-<24 hex>;Parent=<16 hex>;Sampled=0`
    static func generate(now: Date = Date()) -> String {
        let seconds = String(UInt32(truncatingIfNeeded: Int(now.timeIntervalSince1970)), radix: 16)
        let padded = String(repeating: "0", count: max(0, 8 - seconds.count)) + seconds
        return "Root=1-\(padded)-\(RandomHex.digits(24));Parent=\(RandomHex.digits(16));Sampled=0"
    }
}

/// The peak resident memory of a process (Linux `/proc/PID/status` VmHWM), in MB; 0 when unknown.
enum MemoryUsage {
    static func maxResidentMB(pid: Int32) -> Int {
        guard pid > 0 else { return 0 }
        let fd = open("/proc/\(pid)/status", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let key = Array("VmHWM:".utf8)
        var index = 0
        while index + key.count <= count {
            if (index == 0 || buffer[index - 1] == 0x0A), buffer[index..<(index + key.count)].elementsEqual(key) {
                var cursor = index + key.count
                var kilobytes = 0
                while cursor < count, buffer[cursor] == 0x20 || buffer[cursor] == 0x09 { cursor += 1 }
                while cursor < count, buffer[cursor] >= 0x30, buffer[cursor] <= 0x39, kilobytes < 1 << 40 {
                    kilobytes = kilobytes * 10 + Int(buffer[cursor] - 0x30)
                    cursor += 1
                }
                return (kilobytes + 1023) / 1024
            }
            index += 1
        }
        return 0
    }
}

/// Base64 decoding that tolerates what runtimes send in `Lambda-Runtime-Function-Error-Body`:
/// whitespace, missing padding, the URL-safe alphabet. Text that is not base64 at all (the Swift
/// runtime sends `Requires base64`) is kept as its UTF-8 bytes.
enum LenientBase64 {
    static func decode(_ text: String) -> [UInt8] {
        let raw = Array(text.utf8)
        var sextets: [UInt8] = []
        sextets.reserveCapacity(raw.count)
        var trailing = raw.count
        while trailing > 0, raw[trailing - 1] == 0x20 || raw[trailing - 1] == 0x3D { trailing -= 1 }
        for byte in raw[0..<trailing] {
            switch byte {
            case 0x41...0x5A: sextets.append(byte - 0x41)
            case 0x61...0x7A: sextets.append(byte - 0x61 + 26)
            case 0x30...0x39: sextets.append(byte - 0x30 + 52)
            case 0x2B, 0x2D: sextets.append(62)
            case 0x2F, 0x5F: sextets.append(63)
            case 0x0D, 0x0A, 0x09: continue
            case 0x20 where sextets.isEmpty: continue  // leading spaces
            default:
                return raw
            }
        }
        guard sextets.count % 4 != 1 else { return raw }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(sextets.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for sextet in sextets {
            accumulator = (accumulator << 6) | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return bytes
    }
}
