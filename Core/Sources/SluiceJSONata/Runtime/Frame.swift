/// A scope of variable bindings; lookups walk outwards to the enclosing frames (the function
/// library is consulted by the evaluator after that).
///
/// Frames hold few bindings (lambda parameters, block variables, `$states` and `$` at the root):
/// the first two live inline, so most frames cost one allocation; further ones go to one small
/// array searched linearly. No hashing.
final class Frame {
    @exclusivity(unchecked) private var firstName: String?
    @exclusivity(unchecked) private var firstValue: JV?
    @exclusivity(unchecked) private var secondName: String?
    @exclusivity(unchecked) private var secondValue: JV?
    @exclusivity(unchecked) private var more: [(name: String, value: JV?)] = []
    let parent: Frame?

    init(parent: Frame?) {
        self.parent = parent
    }

    init(parent: Frame?, capacity: Int) {
        self.parent = parent
        if capacity > 2 { more.reserveCapacity(capacity - 2) }
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
        guard let secondName else {
            secondName = name
            secondValue = value
            return
        }
        if secondName == name {
            secondValue = value
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
                if let n2 = frame.secondName {
                    if n2 == name { return .some(frame.secondValue) }
                    for i in frame.more.indices where frame.more[i].name == name { return .some(frame.more[i].value) }
                }
            }
            f = frame.parent
        }
        return nil
    }
}

