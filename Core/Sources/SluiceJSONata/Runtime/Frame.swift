/// A scope of variable bindings; lookups walk outwards to the enclosing frames (the function
/// library is consulted by the evaluator after that).
///
/// Frames hold few bindings (lambda parameters, block variables): the first lives inline (a
/// one-parameter lambda call allocates nothing but the frame), the others in one small array
/// searched linearly; no hashing.
final class Frame {
    @exclusivity(unchecked) private var firstName: String?
    @exclusivity(unchecked) private var firstValue: JV?
    @exclusivity(unchecked) private var more: [(name: String, value: JV?)] = []
    let parent: Frame?

    init(parent: Frame?) {
        self.parent = parent
    }

    init(parent: Frame?, capacity: Int) {
        self.parent = parent
        if capacity > 1 { more.reserveCapacity(capacity - 1) }
    }

    func bind(_ name: String, _ value: JV?) {
        guard let firstName else {
            firstName = name
            firstValue = value
            return
        }
        if firstName == name {
            firstValue = value
            return
        }
        for i in more.indices where more[i].name == name {
            more[i].value = value
            return
        }
        more.append((name, value))
    }

    /// `.some(nil)` when bound to undefined, `nil` when not bound anywhere in the chain.
    func lookupBinding(_ name: String) -> JV?? {
        var f: Frame? = self
        while let frame = f {
            if let n = frame.firstName {
                if n == name { return .some(frame.firstValue) }
                for i in frame.more.indices where frame.more[i].name == name { return .some(frame.more[i].value) }
            }
            f = frame.parent
        }
        return nil
    }
}
