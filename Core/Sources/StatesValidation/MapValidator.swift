import SluiceJSON

/// The Map state, inline and Distributed: the item processor and its `ProcessorConfig`, the item
/// source (`ItemsPath`/`Items`/`ItemReader`), `ItemSelector`, `ItemBatcher`, `ResultWriter`,
/// concurrency, tolerated failures and `Label`.
enum MapValidator {
    static func validateField(
        _ key: String, _ value: JSONValue, state: JSONObject, scope: StateScope, in context: inout ValidationContext
    ) {
        let at = scope.location.child(key)
        let jsonata = scope.language == .jsonata
        switch key {
        case "ItemProcessor", "Iterator":
            validateProcessor(value, scope: scope, at: at, in: &context)
        case "ItemsPath":
            context.checkPath(value, field: key, allowNull: false, reference: false, at: at)
        case "Items":
            if !JSONataText.isExpression(value) { context.expect(.array, value, at: at) }
        case "ItemSelector":
            if jsonata {
                if !JSONataText.isExpression(value) { context.expect(.object, value, at: at) }
            } else if context.expect(.object, value, at: at) {
                context.checkPayloadTemplate(value, at: at)
            }
        case "ItemReader":
            ItemReaderValidator.validate(value, scope: scope, at: at, in: &context)
        case "ItemBatcher":
            validateItemBatcher(value, scope: scope, at: at, in: &context)
        case "ResultWriter":
            validateResultWriter(value, scope: scope, at: at, in: &context)
        case "MaxConcurrency", "ToleratedFailureCount":
            if jsonata, JSONataText.isExpression(value) { return }
            context.expectInteger(value, minimum: 0, at: at)
        case "ToleratedFailurePercentage":
            if jsonata, JSONataText.isExpression(value) { return }
            context.expectNumber(value, minimum: 0, maximum: 100, at: at)
        case "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath":
            context.checkPath(value, field: key, allowNull: false, reference: true, at: at)
        case "Label":
            MapLabel.check(value, at: at, in: &context)
        default:
            break
        }
    }

    static func validateShape(_ state: JSONObject, scope: StateScope, in context: inout ValidationContext) {
        let at = scope.location
        if state["ItemProcessor"] == nil, state["Iterator"] == nil {
            context.schemaError("These fields are required: [ItemProcessor]", at: at)
        }
        context.expectAtMostOne(of: ["ItemProcessor", "Iterator"], in: state, at: at)
        context.expectAtMostOne(of: ["MaxConcurrency", "MaxConcurrencyPath"], in: state, at: at)
        context.expectAtMostOne(of: ["ToleratedFailureCount", "ToleratedFailureCountPath"], in: state, at: at)
        context.expectAtMostOne(of: ["ToleratedFailurePercentage", "ToleratedFailurePercentagePath"], in: state, at: at)
    }

    /// `ItemProcessor`/`Iterator`: a workflow plus an optional `ProcessorConfig`. Its states take
    /// the state machine's query language, not the Map's.
    private static func validateProcessor(
        _ value: JSONValue, scope: StateScope, at location: Location, in context: inout ValidationContext
    ) {
        guard context.expect(.object, value, at: location), case .object(let processor) = value else { return }
        if let config = processor["ProcessorConfig"] {
            validateProcessorConfig(config, at: location.child("ProcessorConfig"), in: &context)
        }
        guard scope.nesting < ValidationContext.maxNesting else {
            context.error(DiagnosticCode.tooDeeplyNested, "The states are too deeply nested", at: location)
            return
        }
        // Child executions of a Distributed Map with ExecutionType EXPRESS are Express workflows.
        let outerType = context.machineType
        if case .object(let config)? = processor["ProcessorConfig"], config["Mode"]?.stringValue == "DISTRIBUTED",
            config["ExecutionType"]?.stringValue == "EXPRESS"
        {
            context.machineType = .express
        }
        MachineValidator.validate(processor, at: location, kind: .itemProcessor, nesting: scope.nesting + 1, in: &context)
        context.machineType = outerType
    }

    private static func validateProcessorConfig(_ value: JSONValue, at location: Location, in context: inout ValidationContext) {
        guard context.expect(.object, value, at: location), case .object(let config) = value else { return }
        for member in config {
            let at = location.child(member.key)
            switch member.key {
            case "Mode": context.expectOneOf(["INLINE", "DISTRIBUTED"], field: "Mode", member.value, at: at)
            case "ExecutionType":
                context.expectOneOf(["STANDARD", "EXPRESS"], field: "ExecutionType", member.value, at: at)
            default: context.unsupportedField(member.key, at: location)
            }
        }
    }

    private static func validateItemBatcher(
        _ value: JSONValue, scope: StateScope, at location: Location, in context: inout ValidationContext
    ) {
        guard context.expect(.object, value, at: location), case .object(let batcher) = value else { return }
        let jsonata = scope.language == .jsonata
        for member in batcher {
            let at = location.child(member.key)
            switch member.key {
            case "MaxItemsPerBatch", "MaxInputBytesPerBatch":
                if jsonata, JSONataText.isExpression(member.value) { continue }
                context.expectInteger(member.value, minimum: 0, at: at)
            case "MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath":
                if jsonata {
                    context.reportOtherLanguageField(member.key, language: .jsonata, at: location)
                } else {
                    context.checkPath(member.value, field: member.key, allowNull: false, reference: true, at: at)
                }
            case "BatchInput":
                if jsonata {
                    if !JSONataText.isExpression(member.value) { context.expect(.object, member.value, at: at) }
                } else if context.expect(.object, member.value, at: at) {
                    context.checkPayloadTemplate(member.value, at: at)
                }
            default:
                context.unsupportedField(member.key, at: location)
            }
        }
        context.expectAtMostOne(of: ["MaxItemsPerBatch", "MaxItemsPerBatchPath"], in: batcher, at: location)
        context.expectAtMostOne(of: ["MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"], in: batcher, at: location)
    }

    private static func validateResultWriter(
        _ value: JSONValue, scope: StateScope, at location: Location, in context: inout ValidationContext
    ) {
        guard context.expect(.object, value, at: location), case .object(let writer) = value else { return }
        for member in writer {
            let at = location.child(member.key)
            switch (member.key, scope.language) {
            case ("Resource", _):
                context.expect(.string, member.value, at: at)
            case ("Parameters", .jsonPath):
                if context.expect(.object, member.value, at: at) { context.checkPayloadTemplate(member.value, at: at) }
            case ("Arguments", .jsonata):
                if !JSONataText.isExpression(member.value) { context.expect(.object, member.value, at: at) }
            case ("Parameters", .jsonata), ("Arguments", .jsonPath):
                context.reportOtherLanguageField(member.key, language: scope.language, at: location)
            case ("WriterConfig", _):
                validateWriterConfig(member.value, at: at, in: &context)
            default:
                context.unsupportedField(member.key, at: location)
            }
        }
    }

    private static func validateWriterConfig(_ value: JSONValue, at location: Location, in context: inout ValidationContext) {
        guard context.expect(.object, value, at: location), case .object(let config) = value else { return }
        for member in config {
            let at = location.child(member.key)
            switch member.key {
            case "Transformation":
                context.expectOneOf(["NONE", "COMPACT", "FLATTEN"], field: "Transformation", member.value, at: at)
            case "OutputType": context.expectOneOf(["JSON", "JSONL"], field: "OutputType", member.value, at: at)
            default: context.unsupportedField(member.key, at: location)
            }
        }
    }
}

/// A Distributed Map's `ItemReader`: `Resource`, `Parameters`/`Arguments` and `ReaderConfig`.
enum ItemReaderValidator {
    static func validate(_ value: JSONValue, scope: StateScope, at location: Location, in context: inout ValidationContext) {
        guard context.expect(.object, value, at: location), case .object(let reader) = value else { return }
        for member in reader {
            let at = location.child(member.key)
            switch (member.key, scope.language) {
            case ("Resource", _):
                context.expect(.string, member.value, at: at)
            case ("Parameters", .jsonPath):
                if context.expect(.object, member.value, at: at) { context.checkPayloadTemplate(member.value, at: at) }
            case ("Arguments", .jsonata):
                if !JSONataText.isExpression(member.value) { context.expect(.object, member.value, at: at) }
            case ("Parameters", .jsonata), ("Arguments", .jsonPath):
                context.reportOtherLanguageField(member.key, language: scope.language, at: location)
            case ("ReaderConfig", _):
                validateReaderConfig(member.value, scope: scope, at: at, in: &context)
            default:
                context.unsupportedField(member.key, at: location)
            }
        }
        context.expectRequired(["Resource"], in: reader, at: location)
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
                    context.checkPath(member.value, field: member.key, allowNull: false, reference: true, at: at)
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

/// A Distributed Map's `Label`: 1 to 40 characters, none of them whitespace, brackets, wildcards,
/// the specials `" # % \ ^ | ~ ` $ & , ; : /` or control characters.
enum MapLabel {
    static let maxLength = 40

    static func check(_ value: JSONValue, at location: Location, in context: inout ValidationContext) {
        guard context.expect(.string, value, at: location), case .string(let label) = value else { return }
        if let message = problem(in: label) {
            context.error(DiagnosticCode.invalidLabelName, message, at: location)
        }
    }

    /// The reason a label is refused, or `nil` when it is acceptable.
    static func problem(in label: String) -> String? {
        if label.isEmpty { return "Label cannot be empty" }
        if label.unicodeScalars.count > maxLength { return "Label cannot exceed \(maxLength) characters" }
        for scalar in label.unicodeScalars where isForbidden(scalar) {
            return "Label contains invalid character: \(quoted(scalar))"
        }
        return nil
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if scalar.properties.isWhitespace { return true }
        return "[]{}<>?*\"#%\\^|~`$&,;:/".unicodeScalars.contains(scalar)
    }

    /// The character quoted the way the recorded message shows it: `' '`, `'\n'`, `'\x85'`.
    static func quoted(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "'\\n'"
        case "\r": return "'\\r'"
        case "\t": return "'\\t'"
        case "\\": return "'\\\\'"
        case "'": return "\"'\""
        default:
            let v = scalar.value
            if v < 0x20 || (0x7F...0xA0).contains(v) {
                let hex = String(v, radix: 16)
                return "'\\x" + (hex.count < 2 ? "0" + hex : hex) + "'"
            }
            return "'\(Character(scalar))'"
        }
    }
}
