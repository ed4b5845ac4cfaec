public import SluiceJSON

/// A parsed intrinsic function call such as `States.Format('{}', $.a)`.
public struct IntrinsicFunctionCall: Sendable, Hashable {
    /// Which of the 18 functions is called.
    public let function: IntrinsicFunction
    let arguments: [IntrinsicArgument]

    init(function: IntrinsicFunction, arguments: [IntrinsicArgument]) {
        self.function = function
        self.arguments = arguments
    }

    /// Parses the text of a `.$` field that starts with `States.`.
    public init(parsing text: String) throws(PathSyntaxError) {
        var parser = IntrinsicParser(text)
        self = try parser.parseWholeCall()
    }

    /// Evaluates the call. Failures are `States.Runtime`, worded as AWS words them:
    /// `There was an error while evaluating the intrinsic function: States.X(…). Invalid arguments in States.X`.
    public func evaluate(in environment: ExpressionEnvironment, random: inout SeededRandom) throws(StatesError)
        -> JSONValue
    {
        try evaluate(in: environment, fieldName: nil, random: &random)
    }
}

/// The intrinsic functions of the States Language (JSONPath mode).
public enum IntrinsicFunction: String, Sendable, Hashable, CaseIterable {
    case format = "States.Format"
    case stringToJson = "States.StringToJson"
    case jsonToString = "States.JsonToString"
    case array = "States.Array"
    case arrayPartition = "States.ArrayPartition"
    case arrayContains = "States.ArrayContains"
    case arrayRange = "States.ArrayRange"
    case arrayGetItem = "States.ArrayGetItem"
    case arrayLength = "States.ArrayLength"
    case arrayUnique = "States.ArrayUnique"
    case base64Encode = "States.Base64Encode"
    case base64Decode = "States.Base64Decode"
    case hash = "States.Hash"
    case jsonMerge = "States.JsonMerge"
    case mathRandom = "States.MathRandom"
    case mathAdd = "States.MathAdd"
    case stringSplit = "States.StringSplit"
    case uuid = "States.UUID"
}

/// One argument of an intrinsic function call.
indirect enum IntrinsicArgument: Sendable, Hashable {
    case literal(JSONValue)
    /// A string literal: its value, its source text (quotes and escapes included) and, for
    /// `States.Format`, its reading as a template.
    case string(String, source: String, template: FormatTemplate)
    case path(Path)
    case call(IntrinsicFunctionCall)
}

/// A `States.Format` template: the text between `{}` placeholders. Braces escaped as `\{` `\}` are
/// text; an unescaped brace that is not part of `{}` makes the template invalid.
struct FormatTemplate: Sendable, Hashable {
    var pieces: [String]
    var hasStrayBrace: Bool

    /// Reads a template that came from a path (no escapes there).
    init(plain text: String) {
        var pieces: [String] = []
        var current: [UInt8] = []
        var stray = false
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "{"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "}") {
                pieces.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                i += 2
                continue
            }
            if bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "}") { stray = true }
            current.append(bytes[i])
            i += 1
        }
        pieces.append(String(decoding: current, as: UTF8.self))
        self.pieces = pieces
        hasStrayBrace = stray
    }

    init(pieces: [String], hasStrayBrace: Bool) {
        self.pieces = pieces
        self.hasStrayBrace = hasStrayBrace
    }
}

extension IntrinsicFunctionCall {
    /// The call as AWS echoes it in error messages: `States.Format('{}', $.a)`.
    var rendered: String {
        var out = function.rawValue + "("
        for (i, argument) in arguments.enumerated() {
            if i > 0 { out += ", " }
            switch argument {
            case .literal(let value): out += value.serialized
            case .string(_, let source, _): out += source
            case .path(let path): out += path.text
            case .call(let call): out += call.rendered
            }
        }
        return out + ")"
    }
}
