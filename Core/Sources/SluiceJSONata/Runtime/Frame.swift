/// A scope of variable bindings; lookups walk outwards to the enclosing frames and finally the
/// built-in function library.
final class Frame {
    private var bindings: [String: JV?] = [:]
    let parent: Frame?

    init(parent: Frame?) {
        self.parent = parent
    }

    @inline(__always)
    func bind(_ name: String, _ value: JV?) {
        bindings[name] = .some(value)
    }

    /// `.some(nil)` when bound to undefined, `nil` when not bound anywhere in the chain.
    func lookupBinding(_ name: String) -> JV?? {
        var f: Frame? = self
        while let frame = f {
            if let v = frame.bindings[name] { return .some(v) }
            f = frame.parent
        }
        return nil
    }
}
