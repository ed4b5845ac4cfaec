import SluiceJSON

/// A Distributed Map's `ItemReader`: `Resource`, `Parameters`/`Arguments` and `ReaderConfig`.
enum ItemReaderValidator {
    static func validate(_ value: JSONValue, scope: StateScope, at location: Location, in context: inout ValidationContext) {
        guard context.expect(.object, value, at: location), case .object(let reader) = value else { return }
        for member in reader {
            let at = location.child(member.key)
            if validateIntegrationMember(member, scope: scope, at: at, in: location, context: &context) { continue }
            switch member.key {
            case "ReaderConfig":
                validateReaderConfig(member.value, scope: scope, at: at, in: &context)
            default:
                context.unsupportedField(member.key, at: location)
            }
        }
        context.expectRequired(["Resource"], in: reader, at: location)
    }

    /// `Resource`, and `Parameters` (JSONPath) or `Arguments` (JSONata): the members an ItemReader and
    /// a ResultWriter share. Returns whether `member` was one of them.
    static func validateIntegrationMember(
        _ member: JSONObject.Member, scope: StateScope, at: Location, in location: Location,
        context: inout ValidationContext
    ) -> Bool {
        switch (member.key, scope.language) {
        case ("Resource", _):
            context.expect(.string, member.value, at: at)
        case ("Parameters", .jsonPath):
            if context.expect(.object, member.value, at: at) { context.checkPayloadTemplate(member.value, at: at) }
        case ("Arguments", .jsonata):
            if !JSONataText.isExpression(member.value) { context.expect(.object, member.value, at: at) }
        case ("Parameters", .jsonata), ("Arguments", .jsonPath):
            context.reportOtherLanguageField(member.key, language: scope.language, at: location)
        default:
            return false
        }
        return true
    }

    private static let readerConfigEnums: [String: [String]] = [
        "InputType": ["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"],
        "CSVHeaderLocation": ["FIRST_ROW", "GIVEN"],
        "CSVDelimiter": ["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"],
        "Transformation": ["NONE", "LOAD_AND_FLATTEN"],
        "ManifestType": ["ATHENA_DATA", "S3_INVENTORY"],
    ]

    private static func validateReaderConfig(
        _ value: JSONValue, scope: StateScope, at location: Location, in context: inout ValidationContext
    ) {
        guard context.expect(.object, value, at: location), case .object(let config) = value else { return }
        let enums = readerConfigEnums
        for member in config {
            let at = location.child(member.key)
            if let allowed = enums[member.key] {
                context.expectOneOf(allowed, field: member.key, member.value, at: at)
                continue
            }
            switch member.key {
            case "CSVHeaders":
                guard context.expect(.array, member.value, at: at), case .array(let headers) = member.value else { break }
                for (i, header) in headers.enumerated() { context.expect(.string, header, at: at.index(i)) }
            case "MaxItems":
                if scope.language == .jsonata, JSONataText.isExpression(member.value) { break }
                context.expectInteger(member.value, minimum: 0, maximum: 100_000_000, at: at)
            case "MaxItemsPath":
                if scope.language == .jsonata {
                    context.reportOtherLanguageField(member.key, language: .jsonata, at: location)
                } else {
                    context.checkPath(
                        member.value, field: member.key, allowNull: false, reference: true, allowContext: false, at: at)
                }
            case "ItemsPointer":
                context.expect(.string, member.value, at: at)
            default:
                context.unsupportedField(member.key, at: location)
            }
        }
        context.expectAtMostOne(of: ["MaxItems", "MaxItemsPath"], in: config, at: location)
    }
}
