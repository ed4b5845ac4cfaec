import SluiceJSON

extension CompiledPath {
    /// `input` with `value` placed at this (reference) path, creating missing intermediate objects.
    /// `$` replaces the whole input.
    func assign(_ value: JSONValue, into input: JSONValue) throws(StatesError) -> JSONValue {
        guard case .input = root else {
            throw StatesError("States.ResultPathMatchFailure", "Unable to apply ResultPath \(canonicalText) to input \(input.serialized)")
        }
        if segments.isEmpty { return value }
        var document = input
        try CompiledPath.set(value, in: &document, segments: segments[...], input: input)
        return document
    }

    private static func set(
        _ value: JSONValue, in node: inout JSONValue, segments: ArraySlice<PathSegment>, input: JSONValue
    ) throws(StatesError) {
        guard let segment = segments.first else {
            node = value
            return
        }
        let rest = segments.dropFirst()
        switch segment {
        case .property(let name):
            try setMember(name, value, in: &node, rest: rest, input: input)
        case .properties(let names) where names.count == 1:
            try setMember(names[0], value, in: &node, rest: rest, input: input)
        case .index(let index):
            try setElement(index, value, in: &node, rest: rest, input: input)
        case .indices(let indexes) where indexes.count == 1:
            try setElement(indexes[0], value, in: &node, rest: rest, input: input)
        default:
            throw StatesError(
                "States.ResultPathMatchFailure",
                "Unable to apply step \"\(PathSegment.canonical(segment))\" to input \(node.serialized)")
        }
    }

    private static func setMember(
        _ name: String, _ value: JSONValue, in node: inout JSONValue, rest: ArraySlice<PathSegment>, input: JSONValue
    ) throws(StatesError) {
        guard case .object(var object) = node else {
            throw StatesError("States.ResultPathMatchFailure", "Unable to apply step \"\(name)\" to input \(node.serialized)")
        }
        // Release the enum's reference so the object is uniquely referenced and mutated in place.
        node = .null
        if rest.isEmpty {
            // One lookup, and room for a new member made with the copy the input's sharing forces
            // anyway (otherwise the copy is followed by a second allocation to grow it).
            object.reserveCapacity(object.count + 1)
            object[name] = value
            node = .object(object)
            return
        }
        var child = object[name] ?? .object(JSONObject())
        object[name] = .null  // keep `child` uniquely referenced; a failure discards the whole copy
        try set(value, in: &child, segments: rest, input: input)
        object[name] = child
        node = .object(object)
    }

    private static func setElement(
        _ index: Int, _ value: JSONValue, in node: inout JSONValue, rest: ArraySlice<PathSegment>, input: JSONValue
    ) throws(StatesError) {
        guard case .array(var array) = node else {
            throw StatesError("States.ResultPathMatchFailure", "Unable to apply step \"\(index)\" to input \(node.serialized)")
        }
        let effective = index < 0 ? array.count + index : index
        guard effective >= 0, effective < array.count else {
            throw StatesError("States.ResultPathMatchFailure", "Unable to apply step \"\(index)\" to input \(node.serialized)")
        }
        node = .null
        if rest.isEmpty {
            array[effective] = value
        } else {
            var child = array[effective]
            array[effective] = .null
            try set(value, in: &child, segments: rest, input: input)
            array[effective] = child
        }
        node = .array(array)
    }
}
