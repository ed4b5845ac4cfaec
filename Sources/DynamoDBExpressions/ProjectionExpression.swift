/// A compiled ProjectionExpression: the document paths to return.
public struct ProjectionExpression: Sendable {
    public let paths: [AttributePath]

    /// A projection of these paths (the legacy `AttributesToGet`: top-level names).
    public init(paths: [AttributePath]) { self.paths = paths }

    public init(_ text: String, attributes: inout ExpressionAttributes) throws(ExpressionError) {
        var parser = try ExpressionParser(text, kind: "ProjectionExpression", attributes: attributes)
        var paths = [try parser.parsePath()]
        while parser.current.isSymbol(",") {
            parser.advance()
            paths.append(try parser.parsePath())
        }
        guard parser.atEnd else { throw parser.syntaxError() }
        parser.noteOverlaps(paths)
        try parser.finish()
        attributes = parser.attributes
        self.paths = paths
    }

    /// The parts of `item` the paths select, nested as in the item (selected list elements in order).
    public func project(_ item: Item) -> Item { Self.project(item, paths) }

    /// The parts of `item` at `paths`.
    public static func project(_ item: Item, _ paths: [AttributePath]) -> Item {
        var root = Node.map([:])
        for path in paths {
            guard let value = path.value(in: item) else { continue }
            root.insert(value, at: path.elements[...])
        }
        guard case .map(let members) = root else { return [:] }
        return members.compactMapValues { $0.value }
    }

    /// A partial document under construction.
    private indirect enum Node {
        case leaf(AttributeValue)
        case map([String: Node])
        case list([Int: Node])

        mutating func insert(_ value: AttributeValue, at path: ArraySlice<AttributePath.Element>) {
            guard let first = path.first else {
                self = .leaf(value)
                return
            }
            let rest = path.dropFirst()
            switch (first, self) {
            case (.name(let name), .map(var members)):
                var child = members[name] ?? Node.empty(for: rest.first)
                child.insert(value, at: rest)
                members[name] = child
                self = .map(members)
            case (.index(let index), .list(var members)):
                var child = members[index] ?? Node.empty(for: rest.first)
                child.insert(value, at: rest)
                members[index] = child
                self = .list(members)
            default:
                break
            }
        }

        static func empty(for next: AttributePath.Element?) -> Node {
            if case .index? = next { return .list([:]) }
            return .map([:])
        }

        var value: AttributeValue? {
            switch self {
            case .leaf(let v): return v
            case .map(let members): return .map(members.compactMapValues { $0.value })
            case .list(let members): return .list(members.keys.sorted().compactMap { members[$0]?.value })
            }
        }
    }
}
