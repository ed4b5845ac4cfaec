/// A function value: a lambda closure, a built-in, a regex matcher, a transform or a partial
/// application.
final class JFunction {
    enum Kind {
        /// `function($a, $b) { … }` closed over its defining environment and input.
        case lambda(Lambda)
        case builtin(Builtin)
        /// A built-in with some arguments fixed; `nil` slots are filled by the call's arguments.
        case partialBuiltin(Builtin, args: [JV??])
        case regex(RegexProgram)
        case transform(node: Node, env: Frame)
        /// A native closure created at run time (for example a regex match's `next`).
        case closure(arity: Int, impl: (CallContext, [JV?]) throws(JSONataError) -> JV?)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    var signature: Signature? {
        switch kind {
        case .lambda(let l): l.signature
        case .builtin(let b): b.signature
        case .partialBuiltin: nil
        case .regex: nil
        case .transform: nil
        case .closure: nil
        }
    }

    /// The number of parameters (used by higher-order functions to decide which extra arguments
    /// to pass).
    var arity: Int {
        switch kind {
        case .lambda(let l): l.params.count
        case .builtin(let b): b.arity
        case .partialBuiltin(_, let args): args.filter { $0 == nil }.count
        case .regex: 1
        case .transform: 1
        case .closure(let a, _): a
        }
    }

    var isLambda: Bool {
        if case .lambda = kind { return true }
        return false
    }
}

/// A lambda closure: one reference, so calling it retains one object rather than each captured
/// field.
final class Lambda {
    let node: Node
    let params: [String]
    let body: Node
    let input: JV?
    let env: Frame
    let signature: Signature?
    let thunk: Bool

    init(node: Node, params: [String], body: Node, input: JV?, env: Frame, signature: Signature?, thunk: Bool) {
        self.node = node
        self.params = params
        self.body = body
        self.input = input
        self.env = env
        self.signature = signature
        self.thunk = thunk
    }
}

/// Context handed to a built-in implementation.
struct CallContext {
    /// Strong: a context lives only as long as the call (cheaper than an unowned reference).
    let evaluator: Evaluator
    let input: JV?
    let env: Frame
    let name: String
}

/// A native function of the library (a class: a call copies one reference, not four fields).
final class Builtin: Sendable {
    let name: String
    let signature: Signature?
    /// The number of declared parameters of the reference implementation's function.
    let arity: Int
    let impl: @Sendable (CallContext, Arguments) throws(JSONataError) -> JV?

    init(_ name: String, _ signature: String?, arity: Int,
         _ impl: @escaping @Sendable (CallContext, Arguments) throws(JSONataError) -> JV?) {
        self.name = name
        // Signatures of the library are static and valid.
        self.signature = signature.flatMap { try? Signature($0) }
        self.arity = arity
        self.impl = impl
    }
}
