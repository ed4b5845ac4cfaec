import SluiceJSON
import StatesJSONPath

extension DefinitionParser {
    /// A field that is a literal integer, a `{% %}` string (JSONata) or, with `pathKey`, a path.
    static func integerSource(_ r: FieldReader, _ key: String, pathKey: String?, jsonata: Bool)
        throws(DefinitionError) -> ValueSource<Int>?
    {
        if let value = r[key] {
            if jsonata, isJSONataExpression(value) { return .jsonata(value) }
            guard let i = try r.int(key) else { return nil }
            return .literal(i)
        }
        if let pathKey, let path = try r.path(pathKey) { return .path(path) }
        return nil
    }

    static func numberSource(_ r: FieldReader, _ key: String, pathKey: String, jsonata: Bool)
        throws(DefinitionError) -> ValueSource<JSONNumber>?
    {
        if let value = r[key] {
            if jsonata, isJSONataExpression(value) { return .jsonata(value) }
            guard let n = try r.number(key) else { return nil }
            return .literal(n)
        }
        if let path = try r.path(pathKey) { return .path(path) }
        return nil
    }

    /// A JSONPath-mode payload template, or in JSONata mode the raw value.
    static func template(_ r: FieldReader, _ key: String, jsonata: Bool) throws(DefinitionError) -> Template? {
        guard let value = r[key] else { return nil }
        if jsonata { return .jsonata(value) }
        guard let t = try r.payloadTemplate(key) else { return nil }
        return .jsonPath(t)
    }

    static func parseTask(_ r: FieldReader, jsonata: Bool) throws(DefinitionError) -> TaskState {
        TaskState(
            resource: try r.requiredString("Resource"),
            timeoutSeconds: try integerSource(r, "TimeoutSeconds", pathKey: "TimeoutSecondsPath", jsonata: jsonata),
            heartbeatSeconds: try integerSource(
                r, "HeartbeatSeconds", pathKey: "HeartbeatSecondsPath", jsonata: jsonata),
            credentials: try template(r, "Credentials", jsonata: jsonata))
    }

    static func parseWait(_ r: FieldReader, jsonata: Bool) throws(DefinitionError) -> WaitState {
        if r.has("Seconds") || r.has("SecondsPath") {
            guard let source = try integerSource(r, "Seconds", pathKey: "SecondsPath", jsonata: jsonata) else {
                throw DefinitionError.schema("Expected value of type Integer", at: r.at("Seconds"))
            }
            return WaitState(duration: .seconds(source))
        }
        if let value = r["Timestamp"] {
            if jsonata, isJSONataExpression(value) { return WaitState(duration: .timestamp(.jsonata(value))) }
            guard case .string(let text) = value, let timestamp = Timestamp(rfc3339: text) else {
                throw DefinitionError.schema("String does not match RFC3339 timestamp", at: r.at("Timestamp"))
            }
            return WaitState(duration: .timestamp(.literal(timestamp)))
        }
        if let path = try r.path("TimestampPath") {
            return WaitState(duration: .timestamp(.path(path)))
        }
        throw DefinitionError.schema(
            "A Wait state must have exactly one of Seconds, SecondsPath, Timestamp or TimestampPath", at: r.location)
    }

    static func parseFail(_ r: FieldReader, jsonata: Bool) throws(DefinitionError) -> FailState {
        FailState(
            error: try stringSource(r, "Error", pathKey: "ErrorPath", jsonata: jsonata),
            cause: try stringSource(r, "Cause", pathKey: "CausePath", jsonata: jsonata))
    }

    static func stringSource(_ r: FieldReader, _ key: String, pathKey: String, jsonata: Bool)
        throws(DefinitionError) -> StringSource?
    {
        if let value = r[key] {
            if jsonata, isJSONataExpression(value) { return .jsonata(value) }
            guard let s = try r.string(key) else { return nil }
            return .literal(s)
        }
        guard let text = try r.string(pathKey) else { return nil }
        do {
            return .dynamic(try DynamicValue(text))
        } catch {
            throw DefinitionError("INVALID_JSON_PATH: Invalid JSON path: \(text) at \(r.at(pathKey))")
        }
    }

    static func parseParallel(_ r: FieldReader, inherited: QueryLanguage, depth: Int) throws(DefinitionError)
        -> ParallelState
    {
        guard let items = try r.array("Branches") else {
            throw DefinitionError.schema("These fields are required: [Branches]", at: r.location)
        }
        var branches: [StateGraph] = []
        branches.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            let b = try FieldReader(item, at: r.at("Branches[\(i)]"))
            branches.append(try parseGraph(b, language: try queryLanguage(b) ?? inherited, depth: depth + 1))
        }
        return ParallelState(branches: branches)
    }

    static func parseMap(_ r: FieldReader, language: QueryLanguage, inherited: QueryLanguage, depth: Int)
        throws(DefinitionError) -> MapState
    {
        let jsonata = language == .jsonata
        let processorKey = r.has("ItemProcessor") ? "ItemProcessor" : "Iterator"
        guard let processorValue = r[processorKey] else {
            throw DefinitionError.schema("These fields are required: [ItemProcessor]", at: r.location)
        }
        let p = try FieldReader(processorValue, at: r.at(processorKey))
        let graph = try parseGraph(p, language: try queryLanguage(p) ?? inherited, depth: depth + 1)
        var mode = ProcessorMode.inline
        var executionType: String?
        if let configValue = p["ProcessorConfig"] {
            let config = try FieldReader(configValue, at: p.at("ProcessorConfig"))
            if let text = try config.string("Mode") {
                guard let m = ProcessorMode(rawValue: text) else {
                    throw DefinitionError.schema("Unexpected value: \(text)", at: config.at("Mode"))
                }
                mode = m
            }
            executionType = try config.string("ExecutionType")
        }
        let selectorKey = r.has("ItemSelector") ? "ItemSelector" : "Parameters"
        return MapState(
            processor: ItemProcessor(graph: graph, mode: mode, executionType: executionType),
            usesIterator: processorKey == "Iterator",
            itemsPath: jsonata ? .identity : try r.inputOutputPath("ItemsPath"),
            items: jsonata ? r["Items"] : nil,
            itemSelector: try template(r, selectorKey, jsonata: jsonata),
            maxConcurrency: try integerSource(r, "MaxConcurrency", pathKey: "MaxConcurrencyPath", jsonata: jsonata),
            toleratedFailureCount: try integerSource(
                r, "ToleratedFailureCount", pathKey: "ToleratedFailureCountPath", jsonata: jsonata),
            toleratedFailurePercentage: try numberSource(
                r, "ToleratedFailurePercentage", pathKey: "ToleratedFailurePercentagePath", jsonata: jsonata),
            itemReader: try parseItemReader(r, jsonata: jsonata),
            itemBatcher: try parseItemBatcher(r, jsonata: jsonata),
            resultWriter: try parseResultWriter(r, jsonata: jsonata),
            label: try r.string("Label"))
    }

    static func parseItemReader(_ r: FieldReader, jsonata: Bool) throws(DefinitionError) -> ItemReader? {
        guard let value = r["ItemReader"] else { return nil }
        let e = try FieldReader(value, at: r.at("ItemReader"))
        return ItemReader(
            resource: try e.requiredString("Resource"),
            readerConfig: e["ReaderConfig"],
            parameters: try template(e, jsonata ? "Arguments" : "Parameters", jsonata: jsonata))
    }

    static func parseItemBatcher(_ r: FieldReader, jsonata: Bool) throws(DefinitionError) -> ItemBatcher? {
        guard let value = r["ItemBatcher"] else { return nil }
        let e = try FieldReader(value, at: r.at("ItemBatcher"))
        return ItemBatcher(
            maxItemsPerBatch: try integerSource(e, "MaxItemsPerBatch", pathKey: "MaxItemsPerBatchPath", jsonata: jsonata),
            maxInputBytesPerBatch: try integerSource(
                e, "MaxInputBytesPerBatch", pathKey: "MaxInputBytesPerBatchPath", jsonata: jsonata),
            batchInput: try template(e, "BatchInput", jsonata: jsonata))
    }

    static func parseResultWriter(_ r: FieldReader, jsonata: Bool) throws(DefinitionError) -> ResultWriter? {
        guard let value = r["ResultWriter"] else { return nil }
        let e = try FieldReader(value, at: r.at("ResultWriter"))
        return ResultWriter(
            resource: try e.string("Resource"),
            parameters: try template(e, jsonata ? "Arguments" : "Parameters", jsonata: jsonata),
            writerConfig: e["WriterConfig"])
    }
}
