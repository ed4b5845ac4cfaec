/// A scope of variable bindings; lookups walk outwards to the enclosing frames (the function
/// library is consulted by the evaluator after that).
///
/// Frames hold few bindings (lambda parameters, block variables), so they are kept in one small
/// array searched linearly: one allocation per frame and no hashing.
final class Frame {
    @exclusivity(unchecked) private var names: [String] = []
    @exclusivity(unchecked) private var values: [JV?] = []
    let parent: Frame?

    init(parent: Frame?) {
        self.parent = parent
    }

    func bind(_ name: String, _ value: JV?) {
        if let i = names.firstIndex(of: name) {
            values[i] = value
        } else {
            names.append(name)
            values.append(value)
        }
    }

    /// `.some(nil)` when bound to undefined, `nil` when not bound anywhere in the chain.
    func lookupBinding(_ name: String) -> JV?? {
        var f: Frame? = self
        while let frame = f {
            if let i = frame.names.firstIndex(of: name) { return .some(frame.values[i]) }
            f = frame.parent
        }
        return nil
    }
}
