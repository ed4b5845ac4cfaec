extension Frame {
    @inline(__always)
    fileprivate mutating func change(_ body: (inout Frame) -> Void) { body(&self) }

    @inline(__always)
    fileprivate func project<Result>(_ body: (borrowing Frame) -> Result) -> Result { body(self) }
}

/// The live frames of an execution by id: one slot per id up to the highest live one.
///
/// An array rather than a dictionary so that reading a field of a frame (`frames[id]?.cursor`)
/// borrows it and changing one (`frames[id]?.activity = …`) writes it in place, without copying
/// the whole frame or hashing its id. Ids are handed out in increasing order and never reused,
/// so a slot of a removed frame stays empty; trailing empty slots are dropped, which keeps two
/// tables with the same frames equal.
struct FrameTable: Sendable, Hashable {
    private var slots: [Frame?] = []

    init() {}

    subscript(id: Int) -> Frame? {
        // A plain getter and setter: they inline into their callers, where the coroutines of
        // `_read`/`_modify` (not inlined here) allocate their frames on the heap. Change a field
        // in place with `update`.
        @inline(__always) get { id >= 0 && id < slots.count ? slots[id] : nil }
        set {
            guard id >= 0 else { return }
            if id >= slots.count {
                guard newValue != nil else { return }
                grow(to: id + 1)
            }
            slots[id] = newValue
            if id == slots.count - 1, newValue == nil { trimTrailingEmptySlots() }
        }
    }

    /// Reads from the frame `id` in place (`frames[id]?.field` copies the whole frame first).
    @inline(__always)
    func read<Result>(_ id: Int, _ body: (borrowing Frame) -> Result) -> Result? {
        guard id >= 0, id < slots.count else { return nil }
        return slots.withUnsafeBufferPointer { $0[id]?.project(body) }
    }

    /// Changes the frame `id` in place, if it is live.
    @inline(__always)
    mutating func update(_ id: Int, _ change: (inout Frame) -> Void) {
        guard id >= 0, id < slots.count else { return }
        slots[id]?.change(change)
    }

    /// The lowest live id (the root frame while the execution runs).
    var firstId: Int? { slots.firstIndex { $0 != nil } }

    /// The live frames whose parent is `parent`, in increasing id order.
    func children(of parent: Int) -> [Int] {
        var ids: [Int] = []
        for (id, slot) in slots.enumerated() where slot?.parent == parent { ids.append(id) }
        return ids
    }

    mutating func removeAll() { slots.removeAll() }

    private mutating func grow(to count: Int) {
        slots.reserveCapacity(count)
        while slots.count < count { slots.append(nil) }
    }

    private mutating func trimTrailingEmptySlots() {
        while let last = slots.indices.last, slots[last] == nil { slots.removeLast() }
    }
}
