import SluiceJSON

extension IntrinsicFunctionCall {
    func evaluate(in environment: ExpressionEnvironment, fieldName: String?, random: inout SeededRandom)
        throws(StatesError) -> JSONValue
    {
        var values: [JSONValue] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            values.append(try argument.evaluate(in: environment, fieldName: fieldName, random: &random))
        }
        var args = IntrinsicArguments(function: function, values: values)
        switch function {
        case .format: return try format(&args)
        case .stringToJson: return try IntrinsicLibrary.stringToJson(&args)
        case .jsonToString: return try IntrinsicLibrary.jsonToString(&args)
        case .array: return .array(values)
        case .arrayPartition: return try IntrinsicLibrary.arrayPartition(&args)
        case .arrayContains: return try IntrinsicLibrary.arrayContains(&args)
        case .arrayRange: return try IntrinsicLibrary.arrayRange(&args)
        case .arrayGetItem: return try IntrinsicLibrary.arrayGetItem(&args)
        case .arrayLength: return try IntrinsicLibrary.arrayLength(&args)
        case .arrayUnique: return try IntrinsicLibrary.arrayUnique(&args)
        case .base64Encode: return try IntrinsicLibrary.base64Encode(&args)
        case .base64Decode: return try IntrinsicLibrary.base64Decode(&args)
        case .hash: return try IntrinsicLibrary.hash(&args)
        case .jsonMerge: return try IntrinsicLibrary.jsonMerge(&args)
        case .mathRandom: return try IntrinsicLibrary.mathRandom(&args, random: &random)
        case .mathAdd: return try IntrinsicLibrary.mathAdd(&args)
        case .stringSplit: return try IntrinsicLibrary.stringSplit(&args)
        case .uuid: return try IntrinsicLibrary.uuid(&args, random: &random)
        }
    }

    /// `States.Format`: a literal template uses the pieces found at parse time (so `\{` stays text);
    /// a template from a path is split at `{}`.
    private func format(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        guard let first = arguments.first else { throw args.failure("requires at least 1 argument") }
        let pieces: [String]
        if case .string(_, let literalPieces) = first {
            pieces = literalPieces
        } else {
            guard case .string(let template) = args.values[0] else {
                throw args.failure("the first argument must be a string")
            }
            pieces = template.splitOnPlaceholders()
        }
        let placeholders = pieces.count - 1
        guard args.values.count - 1 == placeholders else {
            throw args.failure(
                "the number of arguments (\(args.values.count - 1)) does not match the number of placeholders (\(placeholders)) in the format string"
            )
        }
        var out = pieces[0]
        for i in 0..<placeholders {
            out += args.values[i + 1].javaToString
            out += pieces[i + 1]
        }
        return .string(out)
    }
}

extension IntrinsicArgument {
    func evaluate(in environment: ExpressionEnvironment, fieldName: String?, random: inout SeededRandom)
        throws(StatesError) -> JSONValue
    {
        switch self {
        case .literal(let value): return value
        case .string(let value, _): return .string(value)
        case .path(let path):
            if let value = path.compiled.select(in: environment) { return value }
            if let fieldName {
                throw StatesError.runtime(
                    "The JSONPath '\(path.text)' specified for the field '\(fieldName)' could not be found in the input '\(environment.input.serialized)'"
                )
            }
            throw StatesError.runtime(
                "The JSONPath '\(path.text)' could not be found in the input '\(environment.input.serialized)'")
        case .call(let call):
            return try call.evaluate(in: environment, fieldName: fieldName, random: &random)
        }
    }
}

extension String {
    /// Splits at each `{}`; `n` placeholders give `n + 1` pieces.
    func splitOnPlaceholders() -> [String] {
        var pieces: [String] = []
        var current: [UInt8] = []
        let bytes = Array(utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "}") {
                pieces.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                i += 2
            } else {
                current.append(bytes[i])
                i += 1
            }
        }
        pieces.append(String(decoding: current, as: UTF8.self))
        return pieces
    }
}
