import SluiceAPI
import SluiceJSON
import SluiceStore

/// An alias's routing configuration: one or two versions with weights summing to 100.
enum AliasRouting {
    struct Route: Sendable, Hashable {
        var versionArn: String
        var weight: Int
    }

    static func parse(_ text: String) -> [Route] {
        guard case .array(let items) = (try? JSONValue(parsing: text)) ?? .null else { return [] }
        return items.compactMap { item in
            guard let arn = item["stateMachineVersionArn"]?.stringValue, let weight = item["weight"]?.numberValue?.intValue
            else { return nil }
            return Route(versionArn: arn, weight: weight)
        }
    }

    static func json(_ routes: [Route]) -> JSONValue {
        .array(
            routes.map { route in
                var o = JSONObject()
                o["stateMachineVersionArn"] = .string(route.versionArn)
                o["weight"] = .int(route.weight)
                return .object(o)
            })
    }

    /// A version by weight.
    static func pick(_ routes: [Route]) -> String? {
        let total = routes.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return routes.first?.versionArn }
        var roll = Int.random(in: 0..<total)
        for route in routes {
            if roll < route.weight { return route.versionArn }
            roll -= route.weight
        }
        return routes.last?.versionArn
    }

    /// Reads and checks `routingConfiguration`: 1–2 distinct, existing versions of `machineArn`
    /// (when given; else of the first version's machine), weights 0–100 summing to 100.
    static func read(_ fields: RequestFields, machineArn: String?, _ context: ServiceContext) async throws(AWSError) -> (
        routes: [Route], machineArn: String
    )? {
        guard let items = try fields.array("routingConfiguration") else { return nil }
        guard (1...2).contains(items.count) else {
            throw AWSError.validation(
                "1 validation error detected: Value at 'routingConfiguration' failed to satisfy constraint: Member must have length between 1 and 2"
            )
        }
        var routes: [Route] = []
        var machine = machineArn
        for item in items {
            guard case .object(let o) = item, case .string(let arn) = o["stateMachineVersionArn"] ?? .null,
                let weight = o["weight"]?.numberValue?.intValue
            else { throw AWSError.serialization("routingConfiguration members need stateMachineVersionArn and weight") }
            guard (0...100).contains(weight) else {
                throw AWSError.constraint(
                    field: "routingConfiguration.member.weight", value: String(weight),
                    "Member must have value between 0 and 100")
            }
            let (base, number) = try ResourceArn.stateMachineOrVersion(arn)
            guard let number else {
                throw AWSError.validation("Routing configuration must contain state machine version ARNs: '\(arn)'")
            }
            if let machine, machine != base {
                throw AWSError.validation("Routing configuration versions must belong to the same state machine")
            }
            machine = base
            guard try await context.storeCall({ try await context.store.version(stateMachineArn: base, version: number) }) != nil
            else { throw AWSError("ResourceNotFound", "Resource not found: '\(arn)'") }
            routes.append(Route(versionArn: arn, weight: weight))
        }
        if routes.count == 2, routes[0].versionArn == routes[1].versionArn {
            throw AWSError.validation("Routing configuration must contain distinct state machine versions")
        }
        guard routes.reduce(0, { $0 + $1.weight }) == 100 else {
            throw AWSError.validation("Sum of routing configuration weights must be equal to 100")
        }
        guard let machine else { return nil }
        return (routes, machine)
    }
}

/// Create/Describe/Update/Delete/ListStateMachineAliases.
enum AliasOperations {
    static func create(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let name = try fields.requiredString("name", min: 1, max: 80)
        let description = try fields.string("description", max: 256)
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }),
            !name.allSatisfy({ $0.isNumber })
        else { throw AWSError.invalidName(name) }
        guard let (routes, machineArn) = try await AliasRouting.read(fields, machineArn: nil, context) else {
            throw AWSError.missingField("routingConfiguration")
        }
        _ = try await context.stateMachine(machineArn)
        let now = WallClock.now()
        let record = AliasRecord(
            arn: "\(machineArn):\(name)", stateMachineArn: machineArn, name: name, description: description,
            routing: AliasRouting.json(routes).serialized, createdMs: now, updatedMs: now)
        let result: AliasRecord
        if let existing = try await context.storeCall({ try await context.store.insertAlias(record) }) {
            guard existing.routing == record.routing, existing.description == record.description else {
                throw AWSError(
                    "ConflictException",
                    "Failed to create alias because an alias with the same name and a different routing configuration already exists.",
                    status: 409)
            }
            result = existing
        } else {
            result = record
        }
        var out = JSONObject()
        out["stateMachineAliasArn"] = .string(result.arn)
        out["creationDate"] = AWSTime.epochSeconds(result.createdMs)
        return .object(out)
    }

    static func describe(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let alias = try await aliasNamed(fields, context)
        var out = JSONObject()
        out["stateMachineAliasArn"] = .string(alias.arn)
        out["name"] = .string(alias.name)
        if let description = alias.description { out["description"] = .string(description) }
        out["routingConfiguration"] = AliasRouting.json(AliasRouting.parse(alias.routing))
        out["creationDate"] = AWSTime.epochSeconds(alias.createdMs)
        out["updateDate"] = AWSTime.epochSeconds(alias.updatedMs)
        return .object(out)
    }

    static func update(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        var alias = try await aliasNamed(fields, context)
        let description = try fields.string("description", max: 256)
        let routing = try await AliasRouting.read(fields, machineArn: alias.stateMachineArn, context)
        if description == nil, routing == nil {
            throw AWSError.validation("Either the description or the RoutingConfiguration must be specified")
        }
        if let description { alias.description = description }
        if let routing { alias.routing = AliasRouting.json(routing.routes).serialized }
        alias.updatedMs = WallClock.now()
        let updated = alias
        try await context.storeCall { try await context.store.updateAlias(updated) }
        var out = JSONObject()
        out["updateDate"] = AWSTime.epochSeconds(alias.updatedMs)
        return .object(out)
    }

    static func delete(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("stateMachineAliasArn", min: 1, max: 256)
        guard case .alias = try ResourceArn.qualifiedStateMachine(arn).qualifier else {
            throw AWSError.invalidArn("Invalid ARN format: \(arn)")
        }
        try await context.storeCall { try await context.store.deleteAlias(arn: arn) }
        return .object(JSONObject())
    }

    static func list(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> JSONValue {
        let arn = try fields.requiredString("stateMachineArn", min: 1, max: 256)
        let page = try PageRequest(fields)
        let (limit, token) = (page.limit, page.token)
        _ = try await context.stateMachine(arn)
        let after = try token.map { (t: String) throws(AWSError) -> String in
            try context.tokens.cursor(t, operation: "ListStateMachineAliases", scope: arn)
        }
        let all = try await context.storeCall { try await context.store.aliases(stateMachineArn: arn) }
        let remaining = all.filter { after == nil || $0.name > (after ?? "") }
        var items: [JSONValue] = []
        for alias in remaining.prefix(limit) {
            var item = JSONObject()
            item["stateMachineAliasArn"] = .string(alias.arn)
            item["creationDate"] = AWSTime.epochSeconds(alias.createdMs)
            items.append(.object(item))
        }
        var out = JSONObject()
        out["stateMachineAliases"] = .array(items)
        if remaining.count > limit, let last = remaining.prefix(limit).last {
            out["nextToken"] = .string(context.tokens.make(operation: "ListStateMachineAliases", scope: arn, cursor: last.name))
        }
        return .object(out)
    }

    /// The names of the aliases routing to a version (DeleteStateMachineVersion refuses those).
    static func referencing(_ versionArn: String, machineArn: String, _ context: ServiceContext) async throws(AWSError) -> [String] {
        let aliases = try await context.storeCall { try await context.store.aliases(stateMachineArn: machineArn) }
        return aliases.filter { alias in AliasRouting.parse(alias.routing).contains { $0.versionArn == versionArn } }.map(\.name)
    }

    private static func aliasNamed(_ fields: RequestFields, _ context: ServiceContext) async throws(AWSError) -> AliasRecord {
        let arn = try fields.requiredString("stateMachineAliasArn", min: 1, max: 256)
        guard case .alias = try ResourceArn.qualifiedStateMachine(arn).qualifier else {
            throw AWSError.invalidArn("Invalid ARN format: \(arn)")
        }
        guard let alias = try await context.storeCall({ try await context.store.alias(arn: arn) }) else {
            throw AWSError("ResourceNotFound", "Resource not found: '\(arn)'")
        }
        return alias
    }
}
