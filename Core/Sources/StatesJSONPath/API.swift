// The public surface of JSONPath mode that the definition parser and the interpreter use.
// Signatures here are the contract between modules; implementations may live in other files.
public import SluiceJSON

/// A JSONPath as the States Language accepts it: `$`, `$.a.b`, `$['a']`, `$.a[0]`, `$.a[*]`, `$..a`,
/// `$.a[1:3]`, `$.a[?(@.b > 1)]`, and the roots `$$` (context object) and `$name` (a variable).
public struct Path: Sendable, Hashable, CustomStringConvertible {
    /// The path as written in the definition.
    public let text: String
    let compiled: CompiledPath

    /// Compiles `text`; throws when it is not a valid path.
    public init(_ text: String) throws(PathSyntaxError) {
        self.text = text
        self.compiled = try CompiledPath(parsing: text)
    }

    /// Whether this is a Reference Path: it selects at most one node (no wildcards, filters, slices
    /// or deep scan). ResultPath, `*Path` comparison fields and the like require one.
    public var isReferencePath: Bool { compiled.isReferencePath }

    /// The value the path selects. A definite path yields the node; an indefinite one yields an
    /// array of the matches. Throws `nil`-free: `nil` means the path matched nothing.
    public func select(in environment: ExpressionEnvironment) -> JSONValue? {
        compiled.select(in: environment)
    }

    public var description: String { text }
}

/// Why a path or intrinsic function could not be compiled.
public struct PathSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The value of a `.$` field, of `ErrorPath`/`CausePath` and the like: a path or an intrinsic
/// function call.
public enum DynamicValue: Sendable, Hashable {
    case path(Path)
    case intrinsic(IntrinsicFunctionCall)

    /// Compiles the text of a `.$` field.
    public init(_ text: String) throws(PathSyntaxError) {
        self = try DynamicValue.compile(text)
    }

    /// Evaluates the expression. `fieldName` is the key it came from (`"value.$"`, `"ErrorPath"`),
    /// used in AWS's cause text when a path matches nothing.
    public func evaluate(
        in environment: ExpressionEnvironment, fieldName: String, random: inout SeededRandom
    ) throws(StatesError) -> JSONValue {
        try evaluateDynamic(in: environment, fieldName: fieldName, random: &random)
    }
}

/// A compiled `Parameters`, `ResultSelector`, `ItemSelector`, `Assign` (JSONPath mode) or
/// `Result`-free payload template: keys ending in `.$` at any depth are evaluated, the rest is copied.
public struct PayloadTemplate: Sendable, Hashable {
    let root: TemplateNode

    public init(_ template: JSONValue) throws(PathSyntaxError) {
        root = try TemplateNode(compiling: template)
    }

    public func evaluate(in environment: ExpressionEnvironment, random: inout SeededRandom) throws(StatesError)
        -> JSONValue
    {
        try root.evaluate(in: environment, random: &random)
    }
}

/// A ResultPath: where a state's result goes in its input. `nil` text (ResultPath: null) discards
/// the result and keeps the input.
public struct ResultPath: Sendable, Hashable {
    public let path: Path?

    public init(_ text: String?) throws(PathSyntaxError) {
        if let text { path = try Path(text) } else { path = nil }
        if let path, !path.isReferencePath || path.root != .input {
            throw PathSyntaxError("ResultPath must be a reference path into the input: \(text ?? "")")
        }
    }

    /// The state's output before OutputPath: `input` with `result` placed at the path.
    public func apply(result: JSONValue, to input: JSONValue) throws(StatesError) -> JSONValue {
        guard let path else { return input }
        return try path.compiled.assign(result, into: input)
    }
}
