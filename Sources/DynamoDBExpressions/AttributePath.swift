/// A document path: `a.b[1].c`, names already resolved from `#placeholders`.
public struct AttributePath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Element: Sendable, Hashable {
        case name(String)
        case index(Int)
    }

    public var elements: [Element]

    public init(_ elements: [Element]) { self.elements = elements }

    /// A top-level attribute.
    public init(name: String) { self.elements = [.name(name)] }

    /// The top-level attribute the path starts at.
    public var topName: String {
        if case .name(let name)? = elements.first { return name }
        return ""
    }

    /// As AWS prints paths in messages: `[a, b, [1]]`.
    public var description: String {
        "[" + elements.map { element in
            switch element {
            case .name(let n): n
            case .index(let i): "[\(i)]"
            }
        }.joined(separator: ", ") + "]"
    }

    /// The value at this path in `item`, if any.
    public func value(in item: Item) -> AttributeValue? {
        guard case .name(let first)? = elements.first, var current = item[first] else { return nil }
        for element in elements.dropFirst() {
            switch (element, current) {
            case (.name(let n), .map(let m)):
                guard let next = m[n] else { return nil }
                current = next
            case (.index(let i), .list(let l)):
                guard i >= 0, i < l.count else { return nil }
                current = l[i]
            default:
                return nil
            }
        }
        return current
    }
}
