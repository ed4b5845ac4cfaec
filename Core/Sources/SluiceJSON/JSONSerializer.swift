extension JSONValue {
    /// The compact JSON text of this value, as AWS writes it (see `JSONWriter` for the rules).
    public var serialized: String {
        JSONWriter.withWriter { writer in
            writer.write(self)
            return writer.buffer.makeString()
        }
    }

    /// The compact JSON text of this value as UTF-8 bytes (faster than `serialized` when the bytes
    /// go to a socket or a database anyway).
    public var serializedBytes: [UInt8] {
        JSONWriter.withWriter { writer in
            writer.write(self)
            return writer.buffer.makeArray()
        }
    }

    /// Appends the compact JSON text of this value to `bytes`.
    public func appendSerialized(to bytes: inout [UInt8]) {
        JSONWriter.withWriter { writer in
            writer.write(self)
            bytes.append(contentsOf: writer.buffer.bytes)
        }
    }

    /// The JSON text with two-space indentation and `": "` after keys, for people to read.
    public var prettyPrinted: String {
        JSONWriter.withWriter { writer in
            writer.writePretty(self, indent: 0)
            return writer.buffer.makeString()
        }
    }
}

/// Writes `JSONValue`s as UTF-8 JSON text the way AWS Step Functions (Jackson) writes them.
///
/// - No whitespace in the compact form; members in their stored order.
/// - Numbers: see `JSONNumberFormatting` (integers exact, doubles as Java's `Double.toString`).
/// - Strings: `"` → `\"`, `\` → `\\`, the control characters U+0008/09/0A/0C/0D → `\b \t \n \f \r`,
///   every other control character below U+0020 → `\u00XX` with upper-case hex digits (Jackson's
///   `HEX_CHARS`). Nothing else is escaped: `/` stays `/`, non-ASCII characters (`é`, emoji,
///   U+2028) and DEL are written as raw UTF-8 (Jackson's `ESCAPE_NON_ASCII` is off by default).
///   Corpus evidence: raw outputs such as `"statement_date":"6/11/2008"` (no `\/`) in
///   `nonpure/scenarios.test_base_scenarios.test_map_item_reader_base_json`, and `\"` / `\\n`
///   escapes in the error causes of `nonpure/states_variables.test_error_output.*`.
struct JSONWriter {
    var buffer: ByteBuffer

    /// Runs `body` with a fresh writer and frees the writer's memory afterwards. The writer
    /// starts in stack memory: most texts (state inputs and outputs) never need the heap.
    static func withWriter<R>(_ body: (inout JSONWriter) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { scratch in
            var writer = JSONWriter(buffer: ByteBuffer(scratch: scratch))
            defer { writer.buffer.deallocate() }
            return body(&writer)
        }
    }

    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: JSONNumberFormatting.appendStatic("null", to: &buffer)
        case .bool(let b): JSONNumberFormatting.appendStatic(b ? "true" : "false", to: &buffer)
        case .number(let n): n.write(to: &buffer)
        case .string(let s): writeString(s)
        case .array(let a):
            buffer.append(UInt8(ascii: "["))
            // Elements borrowed from the array's memory: no retain/release per element.
            a.withUnsafeBufferPointer { elements in
                for i in elements.indices {
                    if i != 0 { buffer.append(UInt8(ascii: ",")) }
                    write(elements[i])
                }
            }
            buffer.append(UInt8(ascii: "]"))
        case .object(let o):
            buffer.append(UInt8(ascii: "{"))
            o.storage.withUnsafeBufferPointer { entries in
                for i in entries.indices {
                    if i != 0 { buffer.append(UInt8(ascii: ",")) }
                    writeString(entries[i].key)
                    buffer.append(UInt8(ascii: ":"))
                    write(entries[i].value)
                }
            }
            buffer.append(UInt8(ascii: "}"))
        }
    }

    mutating func writePretty(_ value: JSONValue, indent: Int) {
        switch value {
        case .array(let a) where !a.isEmpty:
            buffer.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                buffer.append(UInt8(ascii: "\n"))
                writeIndent(indent + 1)
                writePretty(v, indent: indent + 1)
                if i != a.count - 1 { buffer.append(UInt8(ascii: ",")) }
            }
            buffer.append(UInt8(ascii: "\n"))
            writeIndent(indent)
            buffer.append(UInt8(ascii: "]"))
        case .object(let o) where !o.isEmpty:
            buffer.append(UInt8(ascii: "{"))
            for (i, m) in o.storage.enumerated() {
                buffer.append(UInt8(ascii: "\n"))
                writeIndent(indent + 1)
                writeString(m.key)
                buffer.append(UInt8(ascii: ":"))
                buffer.append(UInt8(ascii: " "))
                writePretty(m.value, indent: indent + 1)
                if i != o.storage.count - 1 { buffer.append(UInt8(ascii: ",")) }
            }
            buffer.append(UInt8(ascii: "\n"))
            writeIndent(indent)
            buffer.append(UInt8(ascii: "}"))
        default:
            write(value)
        }
    }

    mutating func writeIndent(_ level: Int) {
        for _ in 0..<(2 * level) { buffer.append(UInt8(ascii: " ")) }
    }

    /// Writes `s` as a quoted, escaped JSON string.
    @inline(__always)
    mutating func writeString(_ s: String) {
        buffer.append(UInt8(ascii: "\""))
        // `withUTF8` makes a string contiguous first (a no-op for native strings).
        var contiguous = s
        contiguous.withUTF8 { writeStringBody($0) }
        buffer.append(UInt8(ascii: "\""))
    }

    /// Writes the UTF-8 bytes of a string's content, escaping what JSON requires.
    mutating func writeStringBody(_ utf8: UnsafeBufferPointer<UInt8>) {
        let n = utf8.count
        var i = 0
        while i < n, !JSONWriter.needsEscape(utf8[i]) { i += 1 }
        if i == n {
            // The common case: nothing to escape, one copy.
            buffer.append(bytes: utf8)
            return
        }
        if i > 0 { buffer.append(bytes: UnsafeBufferPointer(rebasing: utf8[0..<i])) }
        // From the first escape on, byte by byte (text that escapes once, such as serialised JSON
        // in a history event, usually escapes often: one copy per run would cost more).
        while i < n {
            let b = utf8[i]
            if JSONWriter.needsEscape(b) { writeEscape(b) } else { buffer.append(b) }
            i += 1
        }
    }

    @inline(__always)
    static func needsEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\")
    }

    mutating func writeEscape(_ b: UInt8) {
        buffer.append(UInt8(ascii: "\\"))
        switch b {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case 0x08: buffer.append(UInt8(ascii: "b"))
        case 0x09: buffer.append(UInt8(ascii: "t"))
        case 0x0A: buffer.append(UInt8(ascii: "n"))
        case 0x0C: buffer.append(UInt8(ascii: "f"))
        case 0x0D: buffer.append(UInt8(ascii: "r"))
        default:
            let hex: StaticString = "0123456789ABCDEF"
            buffer.append(UInt8(ascii: "u"))
            buffer.append(UInt8(ascii: "0"))
            buffer.append(UInt8(ascii: "0"))
            buffer.append(hex.utf8Start[Int(b >> 4)])
            buffer.append(hex.utf8Start[Int(b & 0xF)])
        }
    }
}
