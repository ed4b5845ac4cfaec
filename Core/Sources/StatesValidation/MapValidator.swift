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
            // A JSON array, a JSON object (Map over its members) or a JSONata expression.
            if !JSONataText.isExpression(value), value.objectValue == nil { context.expect(.array, value, at: at) }
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
            context.checkPath(value, field: key, allowNull: false, reference: true, allowContext: false, at: at)
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
                    context.checkPath(
                        member.value, field: member.key, allowNull: false, reference: true, allowContext: false, at: at)
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
            if ItemReaderValidator.validateIntegrationMember(member, scope: scope, at: at, in: location, context: &context)
            {
                continue
            }
            switch member.key {
            case "WriterConfig":
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
