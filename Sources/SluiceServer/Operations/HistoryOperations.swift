import SluiceAPI
import SluiceJSON
import SluiceStore

/// GetExecutionHistory: pages of the stored events, in order or reversed.
enum HistoryOperations {
    static func history(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> [UInt8] {
        let arn = try fields.requiredString("executionArn", min: 1, max: 256)
        let maxResults = try fields.int("maxResults", min: 0, max: 1000) ?? 0
        let reverse = try fields.bool("reverseOrder") ?? false
        let token = try fields.string("nextToken", min: 1, max: 1024)
        let includeData = try fields.bool("includeExecutionData") ?? true
        _ = try await context.execution(arn)
        let limit = maxResults == 0 ? 100 : maxResults
        let scope = "\(arn)|\(reverse)"
        var after: Int?
        if let token {
            guard let id = Int(try context.tokens.cursor(token, operation: "GetExecutionHistory", scope: scope)) else {
                throw AWSError.invalidToken("Invalid token")
            }
            after = id
        }
        let start = after
        let events = try await context.storeCall {
            try await context.store.history(executionArn: arn, afterId: start, reverse: reverse, limit: limit + 1)
        }
        var out: [UInt8] = []
        out.reserveCapacity(events.prefix(limit).reduce(64) { $0 + $1.text.utf8.count + 1 })
        out.append(contentsOf: #"{"events":["#.utf8)
        for (i, event) in events.prefix(limit).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if includeData {
                out.append(contentsOf: event.text.utf8)
            } else {
                stripData(event.text).appendSerialized(to: &out)
            }
        }
        out.append(UInt8(ascii: "]"))
        if events.count > limit, let last = events.prefix(limit).last {
            out.append(contentsOf: #","nextToken":"#.utf8)
            JSONValue.string(context.tokens.make(operation: "GetExecutionHistory", scope: scope, cursor: String(last.id)))
                .appendSerialized(to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The event without its execution data (`input`, `output` of its details).
    static func stripData(_ text: String) -> JSONValue {
        guard case .object(var event) = (try? JSONValue(parsing: text)) ?? .null else { return .null }
        for (index, member) in event.enumerated() {
            guard case .object(var details) = member.value else { continue }
            details["input"] = nil
            details["output"] = nil
            event[member.key] = .object(details)
            _ = index
        }
        return .object(event)
    }
}
