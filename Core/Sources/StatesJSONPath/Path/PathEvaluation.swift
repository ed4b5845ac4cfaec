import SluiceJSON

/// Why a definite path matched nothing; `CompiledPath.message(for:)` words it as Jayway JsonPath
/// (and so AWS) does, only when a message is needed.
enum PathMiss: Error, Sendable, Hashable {
    case noResults
    case missingProperty(at: Int)
    case notAnObject(property: String, at: Int, node: JSONValue)
    case notAnArray(at: Int, node: JSONValue)
}

/// How deep deep-scan (`..`) descends before giving up, so hostile documents cannot exhaust the stack.
let maxScanDepth = 600

extension CompiledPath {
    /// The node a path starts from, or `nil` for an undefined variable.
    func rootValue(in environment: ExpressionEnvironment, current: JSONValue?) -> JSONValue? {
        switch root {
        case .input: environment.input
        case .context: environment.context
        case .variable(let name): environment.variables[name]
        case .current: current
        }
    }

    /// The value the path selects: the node for a definite path, an array of the matches for an
    /// indefinite one; `nil` when a definite path matches nothing.
    func select(in environment: ExpressionEnvironment) -> JSONValue? {
        guard let start = rootValue(in: environment, current: nil) else { return nil }
        if isDefinite {
            // Fast path for the common `$.a.b`: member lookups only, no miss to explain.
            var node = start
            for segment in segments {
                guard case .property(let name) = segment else { return try? resolveDefinite(from: start).get() }
                guard case .object(let object) = node, let next = object[name] else { return nil }
                node = next
            }
            return node
        }
        return .array(collect(from: start, rootDocument: start, environment: environment))
    }

    /// Like `select`, but explains a miss the way Jayway does.
    func evaluate(in environment: ExpressionEnvironment) -> Result<JSONValue, PathMiss> {
        guard let start = rootValue(in: environment, current: nil) else { return .failure(.noResults) }
        if isDefinite { return resolveDefinite(from: start) }
        return .success(.array(collect(from: start, rootDocument: start, environment: environment)))
    }

    /// Walks a definite path. Only properties, indexes and functions can occur here.
    func resolveDefinite(from start: JSONValue) -> Result<JSONValue, PathMiss> {
        var node = start
        let last = segments.count - 1
        for (i, segment) in segments.enumerated() {
            switch segment {
            case .property(let name):
                guard case .object(let object) = node else {
                    return .failure(.notAnObject(property: name, at: i, node: node))
                }
                guard let next = object[name] else {
                    if i == last { return .failure(.noResults) }
                    return .failure(.missingProperty(at: i))
                }
                node = next
            case .properties(let names) where names.count > 1:
                // Only at the end of a path: the named members merged into one object.
                guard case .object(let object) = node else {
                    return .failure(.notAnObject(property: names.joined(separator: "', '"), at: i, node: node))
                }
                var merged = JSONObject()
                for name in names { if let v = object[name] { merged[name] = v } }
                node = .object(merged)
            case .properties(let names):
                guard let name = names.first else { return .failure(.noResults) }
                guard case .object(let object) = node else {
                    return .failure(.notAnObject(property: name, at: i, node: node))
                }
                guard let next = object[name] else {
                    if i == last { return .failure(.noResults) }
                    return .failure(.missingProperty(at: i))
                }
                node = next
            case .index(let index):
                guard case .array(let array) = node else { return .failure(.notAnArray(at: i, node: node)) }
                let effective = index < 0 ? array.count + index : index
                guard effective >= 0, effective < array.count else { return .failure(.noResults) }
                node = array[effective]
            case .indices(let indexes):
                guard let index = indexes.first else { return .failure(.noResults) }
                guard case .array(let array) = node else { return .failure(.notAnArray(at: i, node: node)) }
                let effective = index < 0 ? array.count + index : index
                guard effective >= 0, effective < array.count else { return .failure(.noResults) }
                node = array[effective]
            case .function, .slice, .wildcard, .deepScan, .filter:
                return .failure(.noResults)
            }
        }
        return .success(node)
    }

    /// Jayway's wording of a miss.
    func message(for miss: PathMiss) -> String {
        let provider = "com.jayway.jsonpath.spi.json.JacksonJsonProvider"
        switch miss {
        case .noResults:
            return "No results for path: \(canonicalText)"
        case .missingProperty(let i):
            return "Missing property in path \(canonical(upTo: i + 1))"
        case .notAnObject(let property, let i, let node):
            let found = if case .null = node { "null" } else { node.javaClassName }
            return
                "Expected to find an object with property ['\(property)'] in path \(canonical(upTo: i)) but found '\(found)'. This is not a json object according to the JsonProvider: '\(provider)'."
        case .notAnArray(let i, let node):
            if case .null = node { return "The path \(canonical(upTo: i)) is null" }
            let fragment = i < segments.count ? PathSegment.canonical(segments[i]) : ""
            return "Filter: \(fragment) can only be applied to arrays. Current context is: \(node.serialized)"
        }
    }

    // MARK: - Indefinite paths

    /// All matches of the path below `start`, in document order.
    func collect(from start: JSONValue, rootDocument: JSONValue, environment: ExpressionEnvironment) -> [JSONValue] {
        var current: [JSONValue] = [start]
        var next: [JSONValue] = []
        let last = segments.count - 1
        for (i, segment) in segments.enumerated() {
            next.removeAll(keepingCapacity: true)
            for node in current {
                apply(segment, to: node, isLeaf: i == last, rootDocument: rootDocument, environment: environment, into: &next)
            }
            swap(&current, &next)
            if current.isEmpty { break }
        }
        return current
    }

    private func apply(
        _ segment: PathSegment, to node: JSONValue, isLeaf: Bool, rootDocument: JSONValue,
        environment: ExpressionEnvironment, into out: inout [JSONValue]
    ) {
        switch segment {
        case .property(let name):
            if case .object(let o) = node, let v = o[name] { out.append(v) }
        case .properties(let names):
            guard case .object(let o) = node else { return }
            if isLeaf {
                // Jayway merges several properties read at the end of a path into one object.
                var merged = JSONObject()
                for name in names { if let v = o[name] { merged[name] = v } }
                out.append(.object(merged))
            } else {
                for name in names { if let v = o[name] { out.append(v) } }
            }
        case .index(let index):
            if case .array(let a) = node { appendIndex(index, of: a, into: &out) }
        case .indices(let indexes):
            if case .array(let a) = node { for index in indexes { appendIndex(index, of: a, into: &out) } }
        case .slice(let start, let end):
            if case .array(let a) = node { appendSlice(start: start, end: end, of: a, into: &out) }
        case .wildcard:
            switch node {
            case .object(let o): for m in o { out.append(m.value) }
            case .array(let a): out.append(contentsOf: a)
            default: break
            }
        case .deepScan(let inner):
            scan(node, depth: 0, inner: inner, rootDocument: rootDocument, environment: environment, into: &out)
        case .filter(let expression):
            switch node {
            case .array(let a):
                for element in a
                where expression.accepts(element, rootDocument: rootDocument, environment: environment) {
                    out.append(element)
                }
            case .object:
                if expression.accepts(node, rootDocument: rootDocument, environment: environment) { out.append(node) }
            default: break
            }
        case .function:
            break
        }
    }

    private func scan(
        _ node: JSONValue, depth: Int, inner: PathSegment, rootDocument: JSONValue,
        environment: ExpressionEnvironment, into out: inout [JSONValue]
    ) {
        guard depth < maxScanDepth else { return }
        switch node {
        case .object(let o):
            apply(inner, to: node, isLeaf: false, rootDocument: rootDocument, environment: environment, into: &out)
            for m in o {
                scan(m.value, depth: depth + 1, inner: inner, rootDocument: rootDocument, environment: environment, into: &out)
            }
        case .array(let a):
            if case .filter = inner {
                // Jayway tests a filter after `..` against objects only; array elements are visited below.
            } else {
                apply(inner, to: node, isLeaf: false, rootDocument: rootDocument, environment: environment, into: &out)
            }
            for element in a {
                scan(element, depth: depth + 1, inner: inner, rootDocument: rootDocument, environment: environment, into: &out)
            }
        default:
            break
        }
    }

    private func appendIndex(_ index: Int, of array: [JSONValue], into out: inout [JSONValue]) {
        let effective = index < 0 ? array.count + index : index
        if effective >= 0, effective < array.count { out.append(array[effective]) }
    }

    /// Jayway's three slice forms, with their quirks (a negative start in `[a:b]` is not normalised).
    private func appendSlice(start: Int?, end: Int?, of array: [JSONValue], into out: inout [JSONValue]) {
        let length = array.count
        guard length > 0 else { return }
        switch (start, end) {
        case (let from?, nil):
            var from = from
            if from < 0 { from = length + from }
            from = max(0, from)
            guard from < length else { return }
            out.append(contentsOf: array[from..<length])
        case (nil, let to?):
            var to = to
            if to < 0 { to = length + to }
            to = min(length, to)
            guard to > 0 else { return }
            out.append(contentsOf: array[0..<to])
        case (let from?, let to?):
            let to = min(length, to)
            guard from < to else { return }
            // Indexes below -length select nothing; skipping them keeps hostile bounds cheap.
            for i in max(from, -length)..<max(to, max(from, -length)) { appendIndex(i, of: array, into: &out) }
        case (nil, nil):
            out.append(contentsOf: array)
        }
    }

    // MARK: - Canonical text

    /// The path as Jayway prints it: `$['a']['b'][0]`.
    var canonicalText: String { canonical(upTo: segments.count) }

    func canonical(upTo count: Int) -> String {
        var out: String
        switch root {
        case .input: out = "$"
        case .context: out = "$"  // AWS evaluates `$$…` as `$…` on the context object
        case .variable(let name): out = "$" + name
        case .current: out = "@"
        }
        for segment in segments.prefix(count) { out += PathSegment.canonical(segment) }
        return out
    }
}

extension PathSegment {
    static func canonical(_ segment: PathSegment) -> String {
        switch segment {
        case .property(let name): "['\(name)']"
        case .properties(let names): "[" + names.map { "'\($0)'" }.joined(separator: ", ") + "]"
        case .index(let i): "[\(i)]"
        case .indices(let i): "[" + i.map(String.init).joined(separator: ",") + "]"
        case .slice(let s, let e): "[" + (s.map(String.init) ?? "") + ":" + (e.map(String.init) ?? "") + "]"
        case .wildcard: "[*]"
        case .deepScan(let inner): ".." + canonical(inner)
        case .filter: "[?]"
        case .function(let name): ".\(name)()"
        }
    }
}

extension JSONValue {
    /// The Java class Jayway would name for this value in its messages (Jackson's plain mapping).
    var javaClassName: String {
        switch self {
        case .null: "null"
        case .bool: "java.lang.Boolean"
        case .number(let n):
            if !n.isIntegerLiteral {
                "java.lang.Double"
            } else if let v = n.int64Value, Int64(Int32.min)...Int64(Int32.max) ~= v {
                "java.lang.Integer"
            } else if n.int64Value != nil {
                "java.lang.Long"
            } else {
                "java.math.BigInteger"
            }
        case .string: "java.lang.String"
        case .array: "java.util.ArrayList"
        case .object: "java.util.LinkedHashMap"
        }
    }
}
