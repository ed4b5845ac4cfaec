/// Writes compact JSON text piece by piece, by the rules of `JSONValue.serialized`, for callers
/// that know the shape of what they write (history events): no `JSONValue` tree is built and
/// freed for the wrapper, and a value that goes into a string member (a state's input or output)
/// is escaped straight from its serialised bytes, without an intermediate `String`.
public struct JSONTextBuilder {
    var writer: JSONWriter

    /// The text `body` writes.
    public static func text(_ body: (inout JSONTextBuilder) -> Void) -> String {
        JSONWriter.withWriter { writer in
            var builder = JSONTextBuilder(writer: writer)
            body(&builder)
            // The builder's buffer may have moved to the heap: hand it back to be freed.
            writer = builder.writer
            return writer.buffer.makeString()
        }
    }

    /// The UTF-8 bytes `body` writes.
    public static func bytes(_ body: (inout JSONTextBuilder) -> Void) -> [UInt8] {
        JSONWriter.withWriter { writer in
            var builder = JSONTextBuilder(writer: writer)
            body(&builder)
            writer = builder.writer
            return writer.buffer.makeArray()
        }
    }

    /// Appends `text` as it is: punctuation and member names the caller knows need no escaping.
    @inline(__always)
    public mutating func raw(_ text: StaticString) {
        JSONNumberFormatting.appendStatic(text, to: &writer.buffer)
    }

    /// Appends `s` as a quoted, escaped JSON string.
    public mutating func string(_ s: String) {
        writer.writeString(s)
    }

    /// Appends a number as `JSONValue.number(n)` would be written.
    public mutating func number(_ n: JSONNumber) {
        n.write(to: &writer.buffer)
    }

    /// Appends a value's compact JSON text.
    public mutating func value(_ v: JSONValue) {
        writer.write(v)
    }

    /// Appends `.string(v.serialized)`: the value's compact text as a quoted, escaped JSON string.
    public mutating func serializedString(_ v: JSONValue) {
        JSONWriter.withWriter { inner in
            inner.write(v)
            writer.buffer.append(UInt8(ascii: "\""))
            writer.writeStringBody(inner.buffer.bytes)
            writer.buffer.append(UInt8(ascii: "\""))
        }
    }
}
