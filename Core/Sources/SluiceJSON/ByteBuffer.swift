/// Somewhere to append UTF-8 bytes: `[UInt8]` or the serializer's `ByteBuffer`.
protocol ByteSink {
    mutating func append(_ byte: UInt8)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// A growable byte buffer over raw memory, for the serializer's inner loop (no uniqueness check
/// per append, `realloc` growth).
///
/// Not a value type in spirit: copy it never, and call `deallocate()` exactly once (the writer
/// does both through `JSONWriter.withWriter`).
struct ByteBuffer: ByteSink {
    private(set) var start: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    /// False while the bytes are in a caller's scratch memory (not to be freed here).
    private var ownsMemory: Bool

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        start = .allocate(capacity: self.capacity)
        ownsMemory = true
    }

    /// Starts in `scratch` (stack memory, usually) and moves to the heap only when it outgrows it.
    init(scratch: UnsafeMutableBufferPointer<UInt8>) {
        if let base = scratch.baseAddress, scratch.count >= 16 {
            start = base
            capacity = scratch.count
            ownsMemory = false
        } else {
            capacity = 16
            start = .allocate(capacity: capacity)
            ownsMemory = true
        }
    }

    func deallocate() { if ownsMemory { start.deallocate() } }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(minimum: count + 1) }
        start[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let n = bytes.count
        if count + n > capacity { grow(minimum: count + n) }
        (start + count).update(from: source, count: n)
        count += n
    }

    /// Makes room for `n` more bytes and returns where they go; call `didWrite(n)` after.
    @inline(__always)
    mutating func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if count + n > capacity { grow(minimum: count + n) }
        return start + count
    }

    @inline(__always)
    mutating func didWrite(_ n: Int) { count += n }

    @inline(never)
    mutating func grow(minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newStart = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStart.moveInitialize(from: start, count: count)
        if ownsMemory { start.deallocate() }
        ownsMemory = true
        start = newStart
        capacity = newCapacity
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    /// The bytes as an array.
    func makeArray() -> [UInt8] { Array(bytes) }

    /// The bytes as a string (they are valid UTF-8: the writer copies strings' own UTF-8).
    func makeString() -> String { String(decoding: bytes, as: UTF8.self) }
}
