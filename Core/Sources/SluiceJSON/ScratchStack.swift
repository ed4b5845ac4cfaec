/// A stack over raw memory that the parser gathers container members on, then moves them out
/// into an exact-size array (no per-element retain/release, no growth of the result array).
///
/// Not a value type in spirit: copy it never, and call `release()` exactly once (the parser does it
/// in `parseDocument`'s `defer`, so a throw leaves nothing behind).
struct ScratchStack<Element> {
    private(set) var start: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = Swift.max(capacity, 4)
        start = .allocate(capacity: self.capacity)
    }

    /// Destroys the remaining elements and frees the memory.
    func release() {
        start.deinitialize(count: count)
        start.deallocate()
    }

    @inline(__always)
    mutating func push(_ element: Element) {
        if count == capacity { grow() }
        (start + count).initialize(to: element)
        count += 1
    }

    /// The element at `i` (`0 ≤ i < count`, guaranteed by the caller).
    @inline(__always)
    subscript(i: Int) -> Element {
        get { start[i] }
        nonmutating set { start[i] = newValue }
    }

    /// Moves the elements from `base` to the top into a new array and pops them.
    ///
    /// `reserveCapacity` + `append(move())` rather than `Array(unsafeUninitializedCapacity:)`: the
    /// latter calls an unspecialized stdlib entry point that looks the array's type metadata up at
    /// run time on every call.
    @inline(__always)
    mutating func popArray(from base: Int) -> [Element] {
        let n = count - base
        var result: [Element] = []
        result.reserveCapacity(n)
        for i in base..<count { result.append((start + i).move()) }
        count = base
        return result
    }

    /// Pops the elements from `base` to the top (for plain values such as hashes).
    @inline(__always)
    mutating func pop(to base: Int) {
        (start + base).deinitialize(count: count - base)
        count = base
    }

    @inline(never)
    mutating func grow() {
        let newCapacity = capacity * 2
        let newStart = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newStart.moveInitialize(from: start, count: count)
        start.deallocate()
        start = newStart
        capacity = newCapacity
    }
}

extension ScratchStack where Element == JSONObject.Entry {
    /// Whether the member at `i` has the key `key` (reads the key in place).
    @inline(__always)
    func hasKey(_ key: String, at i: Int) -> Bool { start[i].key == key }

    /// Replaces the value of the member at `i`.
    @inline(__always)
    func setValue(_ value: JSONValue, at i: Int) { start[i].value = value }
}
