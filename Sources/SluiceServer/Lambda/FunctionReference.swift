import SluiceAPI

/// What a `FunctionName` names: a name, a partial ARN (`ACCOUNT:function:NAME`) or a full ARN
/// (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`), each with an optional `:QUALIFIER`.
struct FunctionReference: Sendable, Hashable {
    var name: String
    var qualifier: String?

    /// Parses a FunctionName (and an optional separate `Qualifier`), with AWS's pattern rules.
    init(_ text: String, qualifier explicit: String? = nil) throws(LambdaError) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        var name: String
        var qualifier: String?
        if parts.count <= 2 {
            name = parts[0]
            qualifier = parts.count == 2 ? parts[1] : nil
        } else if parts.count <= 4, parts[1] == "function" {
            name = parts[2]
            qualifier = parts.count == 4 ? parts[3] : nil
        } else if parts.count >= 7, parts.count <= 8, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function" {
            name = parts[6]
            qualifier = parts.count == 8 ? parts[7] : nil
        } else {
            throw Self.invalid(text)
        }
        guard Self.isValidName(name) else { throw Self.invalid(text) }
        if let q = qualifier, let e = explicit, q != e {
            throw LambdaError.invalidParameter("The derived qualifier from the function name does not match the specified qualifier.")
        }
        self.name = name
        self.qualifier = qualifier ?? explicit
    }

    /// Whether the qualifier names the only version Sluice keeps.
    var isLatest: Bool { qualifier == nil || qualifier == "$LATEST" }

    static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64 else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D || c == 0x5F
        }
    }

    private static func invalid(_ text: String) -> LambdaError {
        LambdaError.validation(
            "1 validation error detected: Value '\(text)' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?"
        )
    }
}

extension ServiceLocation {
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`.
    func functionArn(name: String) -> String {
        "arn:\(partition):lambda:\(region):\(account):function:\(name)"
    }
}
