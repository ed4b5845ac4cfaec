public import SluiceJSON

extension Path {
    /// The value the path selects, for fields where a miss is an error (`InputPath`, `OutputPath`,
    /// `ItemsPath`, `*SecondsPath`, …). A definite path that matches nothing throws `States.Runtime`
    /// with AWS's text, e.g. `Invalid path '$.x' : No results for path: $['x']`; an indefinite path
    /// yields an array of its matches, possibly empty.
    public func value(in environment: ExpressionEnvironment) throws(StatesError) -> JSONValue {
        switch compiled.evaluate(in: environment) {
        case .success(let value): return value
        case .failure(let miss): throw StatesError.runtime("Invalid path '\(text)' : \(compiled.message(for: miss))")
        }
    }

    /// Whether the path selects at most one node (no wildcard, slice, union, filter or deep scan);
    /// an indefinite path always yields an array.
    public var isDefinite: Bool { compiled.isDefinite }

    /// Where the path starts.
    public var root: PathRootKind {
        switch compiled.root {
        case .input, .current: .input
        case .context: .context
        case .variable(let name): .variable(name)
        }
    }

    /// The path as Jayway prints it in messages: `$['a']['b'][0]`.
    public var canonicalText: String { compiled.canonicalText }
}

/// What a path starts from: the input (`$`), the context object (`$$`) or a variable (`$name`).
public enum PathRootKind: Sendable, Hashable {
    case input
    case context
    case variable(String)
}
