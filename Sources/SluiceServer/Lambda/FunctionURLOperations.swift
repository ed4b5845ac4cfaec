import Foundation
import SluiceJSON
import SluiceStore

/// Create/Get/Update/DeleteFunctionUrlConfig. A function URL is served by Sluice itself at
/// `http://HOST:PORT/lambda-url/NAME/…` (see docs/lambda-api.md).
enum FunctionURLOperations {
    static func create(_ reference: FunctionReference, _ body: LambdaRequestBody, _ service: LambdaService)
        async throws(LambdaError) -> LambdaReply
    {
        let function = try await service.registry.function(reference)
        guard await service.registry.url(functionName: function.name) == nil else {
            throw LambdaError.conflict(
                "Failed to create function url config for [functionArn = \(function.arn)]. Error message:  FunctionUrlConfig exists for this Lambda function"
            )
        }
        guard let authType = try body.string("AuthType") else {
            throw LambdaError.validation(
                "1 validation error detected: Value null at 'authType' failed to satisfy constraint: Member must not be null")
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let record = FunctionURLRecord(
            functionName: function.name, authType: try checkAuthType(authType),
            invokeMode: try checkInvokeMode(try body.string("InvokeMode") ?? "BUFFERED"), cors: try cors(body),
            createdMs: now, updatedMs: now)
        try await service.registry.putURL(record)
        return LambdaReply(status: 201, json: render(record, function, service, lastModified: false))
    }

    static func get(_ reference: FunctionReference, _ service: LambdaService) async throws(LambdaError) -> LambdaReply {
        let (record, function) = try await existing(reference, service)
        return LambdaReply(status: 200, json: render(record, function, service, lastModified: true))
    }

    static func update(_ reference: FunctionReference, _ body: LambdaRequestBody, _ service: LambdaService)
        async throws(LambdaError) -> LambdaReply
    {
        var (record, function) = try await existing(reference, service)
        if let authType = try body.string("AuthType") { record.authType = try checkAuthType(authType) }
        if let invokeMode = try body.string("InvokeMode") { record.invokeMode = try checkInvokeMode(invokeMode) }
        if body.has("Cors") { record.cors = try cors(body) }
        record.updatedMs = Int64(Date().timeIntervalSince1970 * 1000)
        try await service.registry.putURL(record)
        return LambdaReply(status: 200, json: render(record, function, service, lastModified: true))
    }

    static func delete(_ reference: FunctionReference, _ service: LambdaService) async throws(LambdaError) -> LambdaReply {
        let (record, _) = try await existing(reference, service)
        try await service.registry.deleteURL(functionName: record.functionName)
        return LambdaReply(status: 204, body: [], contentType: nil)
    }

    // MARK: Helpers

    private static func existing(_ reference: FunctionReference, _ service: LambdaService) async throws(LambdaError) -> (
        FunctionURLRecord, FunctionRecord
    ) {
        let function = try await service.registry.function(reference)
        guard let record = await service.registry.url(functionName: function.name) else {
            throw LambdaError.resourceNotFound()
        }
        return (record, function)
    }

    private static func checkAuthType(_ value: String) throws(LambdaError) -> String {
        guard value == "NONE" || value == "AWS_IAM" else {
            throw LambdaError.validation(
                "1 validation error detected: Value '\(value)' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]"
            )
        }
        return value
    }

    private static func checkInvokeMode(_ value: String) throws(LambdaError) -> String {
        guard value == "BUFFERED" || value == "RESPONSE_STREAM" else {
            throw LambdaError.validation(
                "1 validation error detected: Value '\(value)' at 'invokeMode' failed to satisfy constraint: Member must satisfy enum value set: [RESPONSE_STREAM, BUFFERED]"
            )
        }
        return value
    }

    private static func cors(_ body: LambdaRequestBody) throws(LambdaError) -> String? {
        try body.objectMember("Cors").map { JSONValue.object($0).serialized }
    }

    static func render(_ r: FunctionURLRecord, _ function: FunctionRecord, _ service: LambdaService, lastModified: Bool)
        -> JSONValue
    {
        var o = JSONObject()
        o["FunctionUrl"] = .string(service.functionURL(name: function.name))
        o["FunctionArn"] = .string(function.arn)
        o["AuthType"] = .string(r.authType)
        if let cors = r.cors, let value = try? JSONValue(parsing: cors) { o["Cors"] = value }
        o["CreationTime"] = .string(WireTimestamps.functionURL(r.createdMs))
        if lastModified { o["LastModifiedTime"] = .string(WireTimestamps.functionURL(r.updatedMs)) }
        o["InvokeMode"] = .string(r.invokeMode)
        return .object(o)
    }
}
