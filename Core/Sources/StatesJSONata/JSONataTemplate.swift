public import SluiceJSON
public import SluiceJSONata
public import StatesJSONPath

/// A JSONata-mode field value compiled once per definition: a `{% … %}` string, or a JSON value
/// whose strings at any depth may be `{% … %}` expressions (`Arguments`, `Output`, `Assign`,
/// `ItemSelector`, …). Everything else is copied as written.
///
/// Two templates are equal when they were compiled from the same value.
public struct JSONataTemplate: Sendable, Hashable {
    /// The field as written in the definition.
    public let source: JSONValue
    let root: Node

    indirect enum Node: Sendable {
        case literal(JSONValue)
        case expression(JSONataExpression, text: String)
        case object([(key: String, node: Node)])
        case array([Node])
    }

    /// How deep a template may nest (the definition parser has a depth limit of its own).
    static let maxDepth = 1_000

    /// Compiles every `{% … %}` string of `value`.
    public init(_ value: JSONValue) throws(JSONataCompileError) {
        source = value
        root = try JSONataTemplate.compile(value, field: "", depth: 0)
    }

    /// Whether the value is one `{% … %}` string.
    public var isExpression: Bool {
        if case .expression = root { true } else { false }
    }

    /// The expression text (between `{%` and `%}`, trimmed) when the value is one expression.
    public var expressionText: String? {
        if case .expression(_, let text) = root { text } else { nil }
    }

    /// Whether `text` is written as a JSONata expression: `{%` … `%}`.
    public static func isExpression(_ text: String) -> Bool {
        text.utf8.count >= 4 && text.hasPrefix("{%") && text.hasSuffix("%}")
    }

    /// The text between `{%` and `%}`, without surrounding whitespace.
    public static func expressionBody(_ text: String) -> String {
        let inner = text.utf8.dropFirst(2).dropLast(2)
        var start = inner.startIndex
        var end = inner.endIndex
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        while start < end, isSpace(inner[start]) { start = inner.index(after: start) }
        while end > start, isSpace(inner[inner.index(before: end)]) { end = inner.index(before: end) }
        return String(Substring(inner[start..<end])) 
    }

    private static func compile(_ value: JSONValue, field: String, depth: Int) throws(JSONataCompileError) -> Node {
        guard depth < maxDepth else { throw JSONataCompileError(field: field, expression: "", error: JSONataError.init(code: "U1001", message: "The value is nested too deeply")) }
        switch value {
        case .string(let text) where isExpression(text):
            let body = expressionBody(text)
            do {
                return .expression(try JSONataExpression(body), text: body)
            } catch {
                throw JSONataCompileError(field: field, expression: body, error: error)
            }
        case .object(let object):
            var members: [(key: String, node: Node)] = []
            members.reserveCapacity(object.count)
            var dynamic = false
            for member in object {
                let node = try compile(member.value, field: field + "/" + member.key, depth: depth + 1)
                if case .literal = node {} else { dynamic = true }
                members.append((member.key, node))
            }
            return dynamic ? .object(members) : .literal(value)
        case .array(let items):
            var nodes: [Node] = []
            nodes.reserveCapacity(items.count)
            var dynamic = false
            for (i, item) in items.enumerated() {
                let node = try compile(item, field: field + "/" + String(i), depth: depth + 1)
                if case .literal = node {} else { dynamic = true }
                nodes.append(node)
            }
            return dynamic ? .array(nodes) : .literal(value)
        default:
            return .literal(value)
        }
    }

    public static func == (lhs: JSONataTemplate, rhs: JSONataTemplate) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// A `{% … %}` string that is not valid JSONata.
public struct JSONataCompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the field the expression sits (`""` for the field itself, `/a/0` below it).
    public var field: String
    /// The expression text.
    public var expression: String
    /// The parser's error.
    public var error: JSONataError

    public var description: String { "\(error.code): \(error.message)" }
}

// MARK: Evaluation

extension JSONataTemplate {
    /// Evaluates the template. `field` names it in AWS's error texts (`Output`, `Assign/x`,
    /// `Items`); errors are `States.QueryEvaluationError` with the tail of AWS's cause.
    public func evaluate(field: String, in scope: JSONataScope) throws(StatesError) -> JSONValue {
        var states: JSONValue?
        return try JSONataTemplate.evaluate(root, field: field, scope: scope, states: &states)
    }

    /// `$states` is built at most once per evaluation, and only when an expression mentions it.
    private static func evaluate(_ node: Node, field: String, scope: JSONataScope, states: inout JSONValue?)
        throws(StatesError) -> JSONValue
    {
        switch node {
        case .literal(let value): return value
        case .expression(let expression, let text):
            var bindings: [String: JSONValue] = [:]
            for name in expression.variableNames {
                if name == "states" {
                    if states == nil { states = scope.statesObject }
                    bindings[name] = states
                } else if let value = scope.variables[name] {
                    bindings[name] = value
                }
            }
            let outcome: JSONataOutcome
            do {
                outcome = try expression.evaluateOutcome(
                    input: expression.usesInput ? scope.input : nil, bindings: bindings, options: scope.options)
            } catch {
                throw JSONataFailure.threw(text, field: field, error)
            }
            switch outcome {
            case .value(let value): return value
            case .undefined: throw JSONataFailure.undefined(text, field: field)
            case .function: throw JSONataFailure.unsupported(text, field: field)
            }
        case .object(let members):
            var object = JSONObject()
            object.reserveCapacity(members.count)
            for member in members {
                object.appendUnique(
                    key: member.key,
                    value: try evaluate(member.node, field: field + "/" + member.key, scope: scope, states: &states))
            }
            return .object(object)
        case .array(let nodes):
            var items: [JSONValue] = []
            items.reserveCapacity(nodes.count)
            for (i, node) in nodes.enumerated() {
                items.append(try evaluate(node, field: field + "/" + String(i), scope: scope, states: &states))
            }
            return .array(items)
        }
    }
}

/// AWS's `States.QueryEvaluationError` cause texts.
public enum JSONataFailure {
    public static let errorName = "States.QueryEvaluationError"

    static func prefix(_ text: String, _ field: String) -> String {
        "The JSONata expression '\(text)' specified for the field '\(field)'"
    }

    public static func undefined(_ text: String, field: String) -> StatesError {
        StatesError(errorName, prefix(text, field) + " returned nothing (undefined).")
    }

    public static func unsupported(_ text: String, field: String) -> StatesError {
        StatesError(errorName, prefix(text, field) + " returned an unsupported result type.")
    }

    public static func threw(_ text: String, field: String, _ error: JSONataError) -> StatesError {
        StatesError(errorName, prefix(text, field) + " threw an error during evaluation. \(error.code): \(error.message)")
    }

    /// `… returned an unexpected result type. Expected 'array', but was 'string' for value: "x"`
    public static func unexpectedType(_ text: String, field: String, expected: String, value: JSONValue) -> StatesError {
        StatesError(
            errorName,
            prefix(text, field)
                + " returned an unexpected result type. Expected '\(expected)', but was '\(typeName(value))' for value: \(value.serialized)")
    }

    /// JSON's name for the type of `value`.
    public static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
