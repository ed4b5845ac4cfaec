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

    /// Evaluates the call; a failure is `States.IntrinsicFailure` (or `States.Runtime` when a path
    /// argument matches nothing).
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
    /// A string literal: its value, and for `States.Format` templates the pieces between `{}`
    /// placeholders (escaped braces `\{` `\}` are text, not placeholders).
    case string(String, formatPieces: [String])
    case path(Path)
    case call(IntrinsicFunctionCall)
}
