import SluiceJSON

extension IntrinsicFunctionCall {
    func evaluate(in environment: ExpressionEnvironment, fieldName: String?, random: inout SeededRandom)
        throws(StatesError) -> JSONValue
    {
        var values: [JSONValue] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            values.append(try argument.evaluate(in: environment, of: self, random: &random))
        }
        var args = IntrinsicArguments(call: self, values: values)
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

    /// `States.Format`: a literal template was read at parse time (so `\{` stays text); a template
    /// from a path is split at `{}`. A stray brace or a count mismatch is an error.
    private func format(_ args: inout IntrinsicArguments) throws(StatesError) -> JSONValue {
        guard let first = arguments.first else { throw args.failure() }
        let template: FormatTemplate
        if case .string(_, _, let literal) = first {
            template = literal
        } else {
            guard case .string(let text) = args.values[0] else { throw args.failure() }
            template = FormatTemplate(plain: text)
        }
        let placeholders = template.pieces.count - 1
        guard !template.hasStrayBrace, args.values.count - 1 == placeholders else { throw args.failure() }
        var out = template.pieces[0]
        for i in 0..<placeholders {
            out += args.values[i + 1].javaToString
            out += template.pieces[i + 1]
        }
        return .string(out)
    }
}

extension IntrinsicArgument {
    func evaluate(in environment: ExpressionEnvironment, of call: IntrinsicFunctionCall, random: inout SeededRandom)
        throws(StatesError) -> JSONValue
    {
        switch self {
        case .literal(let value): return value
        case .string(let value, _, _): return .string(value)
        case .path(let path):
            if let value = path.compiled.select(in: environment) { return value }
            throw StatesError.runtime(
                "There was an error while evaluating the intrinsic function: \(call.rendered). The JsonPath argument for the field '\(path.text)' could not be found in the input '\(environment.input.serialized)'"
            )
        case .call(let inner):
            return try inner.evaluate(in: environment, fieldName: nil, random: &random)
        }
    }
}
