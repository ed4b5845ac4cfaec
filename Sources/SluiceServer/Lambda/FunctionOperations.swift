import Foundation
import SluiceAPI
import SluiceJSON
import SluiceLambda
import SluiceStore

/// CreateFunction, GetFunction, GetFunctionConfiguration, ListFunctions, UpdateFunctionCode,
/// UpdateFunctionConfiguration and DeleteFunction.
enum FunctionOperations {
    /// Runtimes Sluice can run: `provided*` (an executable `bootstrap`) and `python3.x` (awslambdaric).
    static func isSupported(runtime: String) -> Bool {
        if ["provided", "provided.al2", "provided.al2023"].contains(runtime) { return true }
        guard runtime.hasPrefix("python3.") else { return false }
        let minor = runtime.dropFirst("python3.".count)
        return !minor.isEmpty && minor.allSatisfy(\.isNumber)
    }

    static let reservedVariables: Set<String> = [
        "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
        "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
        "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
        "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
        "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ]

    static func create(_ body: LambdaRequestBody, _ service: LambdaService) async throws(LambdaError) -> LambdaReply {
        guard let name = try body.string("FunctionName") else {
            throw LambdaError.validation(
                "1 validation error detected: Value null at 'functionName' failed to satisfy constraint: Member must not be null")
        }
        let reference = try FunctionReference(name)
        if let packageType = try body.string("PackageType"), packageType != "Zip" {
            throw LambdaError.invalidParameter("Sluice runs Zip packages only (PackageType \(packageType) is not supported)")
        }
        guard let runtime = try body.string("Runtime") else {
            throw LambdaError.invalidParameter("Runtime and Handler are mandatory parameters for functions created with Zip packages.")
        }
        guard let handler = try body.string("Handler") else {
            throw LambdaError.invalidParameter("Runtime and Handler are mandatory parameters for functions created with Zip packages.")
        }
        try checkRuntime(runtime)
        let role = try body.string("Role") ?? "arn:aws:iam::\(service.location.account):role/sluice-lambda"
        guard let codeObject = try body.objectMember("Code") else {
            throw LambdaError.validation(
                "1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be null")
        }
        let code = try await service.code(codeObject, functionName: reference.name)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let record = FunctionRecord(
            name: reference.name, arn: service.location.functionArn(name: reference.name), runtime: runtime, role: role,
            handler: handler, description: try body.string("Description") ?? "",
            timeoutSeconds: try body.int("Timeout", min: 1, max: 900, field: "timeout") ?? 3,
            memorySizeMB: try body.int("MemorySize", min: 128, max: 10240, field: "memorySize") ?? 128,
            environment: try environment(body) ?? "{}",
            architectures: JSONValue.array((try body.strings("Architectures") ?? ["x86_64"]).map { .string($0) }).serialized,
            codeSha256: code.sha256, codeSize: code.size, codeDirectory: code.directory, codeIsLocal: code.isLocal,
            revisionId: UUID().uuidString.lowercased(), lastModifiedMs: now)
        try await service.registry.insert(record)
        return LambdaReply(status: 201, json: FunctionConfiguration.render(record))
    }

    static func get(_ reference: FunctionReference, _ service: LambdaService) async throws(LambdaError) -> LambdaReply {
        let record = try await service.registry.function(reference)
        var out = JSONObject()
        out["Configuration"] = FunctionConfiguration.render(record)
        out["Code"] = [
            "RepositoryType": "S3", "Location": .string(URL(fileURLWithPath: record.codeDirectory).absoluteString),
        ]
        out["Tags"] = .object(JSONObject())
        if let reserved = record.reservedConcurrency {
            out["Concurrency"] = ["ReservedConcurrentExecutions": .int(reserved)]
        }
        return LambdaReply(status: 200, json: .object(out))
    }

    static func configuration(_ reference: FunctionReference, _ service: LambdaService) async throws(LambdaError)
        -> LambdaReply
    {
        LambdaReply(status: 200, json: FunctionConfiguration.render(try await service.registry.function(reference)))
    }

    static func list(_ query: [String: String], _ service: LambdaService) async throws(LambdaError) -> LambdaReply {
        var limit = 50
        if let text = query["MaxItems"] {
            guard let n = Int(text), n >= 1, n <= 10000 else {
                throw LambdaError.validation(
                    "1 validation error detected: Value '\(text)' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"
                )
            }
            limit = min(n, 50)
        }
        let records = await service.registry.list(after: query["Marker"], limit: limit + 1)
        var out = JSONObject()
        out["Functions"] = .array(records.prefix(limit).map(FunctionConfiguration.render))
        if records.count > limit, let last = records.prefix(limit).last {
            out["NextMarker"] = .string(last.name)
        }
        return LambdaReply(status: 200, json: .object(out))
    }

    static func updateCode(_ reference: FunctionReference, _ body: LambdaRequestBody, _ service: LambdaService)
        async throws(LambdaError) -> LambdaReply
    {
        var record = try await service.registry.function(reference)
        var codeObject = JSONObject()
        for key in ["ZipFile", "LocalDirectory", "S3Bucket", "S3Key", "ImageUri"] {
            if let value = body.object[key] { codeObject[key] = value }
        }
        let code = try await service.code(codeObject, functionName: record.name)
        if body.object["DryRun"]?.boolValue == true { return LambdaReply(status: 200, json: FunctionConfiguration.render(record)) }
        if let architectures = try body.strings("Architectures") {
            record.architectures = JSONValue.array(architectures.map { .string($0) }).serialized
        }
        record.codeSha256 = code.sha256
        record.codeSize = code.size
        record.codeDirectory = code.directory
        record.codeIsLocal = code.isLocal
        return LambdaReply(status: 200, json: FunctionConfiguration.render(try await service.commit(record)))
    }

    static func updateConfiguration(_ reference: FunctionReference, _ body: LambdaRequestBody, _ service: LambdaService)
        async throws(LambdaError) -> LambdaReply
    {
        var record = try await service.registry.function(reference)
        if let expected = try body.string("RevisionId"), expected != record.revisionId {
            throw LambdaError(
                code: "PreconditionFailedException",
                message: "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
                status: 412)
        }
        if let runtime = try body.string("Runtime") {
            try checkRuntime(runtime)
            record.runtime = runtime
        }
        if let role = try body.string("Role") { record.role = role }
        if let handler = try body.string("Handler") { record.handler = handler }
        if let description = try body.string("Description") { record.description = description }
        if let timeout = try body.int("Timeout", min: 1, max: 900, field: "timeout") { record.timeoutSeconds = timeout }
        if let memory = try body.int("MemorySize", min: 128, max: 10240, field: "memorySize") { record.memorySizeMB = memory }
        if let environment = try environment(body) { record.environment = environment }
        return LambdaReply(status: 200, json: FunctionConfiguration.render(try await service.commit(record)))
    }

    /// PutFunctionConcurrency: the most processes (and concurrent invocations) the function gets;
    /// 0 throttles every invocation.
    static func putConcurrency(_ reference: FunctionReference, _ body: LambdaRequestBody, _ service: LambdaService)
        async throws(LambdaError) -> LambdaReply
    {
        var record = try await service.registry.function(reference)
        guard
            let reserved = try body.int(
                "ReservedConcurrentExecutions", min: 0, max: 1000, field: "reservedConcurrentExecutions")
        else {
            throw LambdaError.validation(
                "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null"
            )
        }
        record.reservedConcurrency = reserved
        _ = try await service.commit(record)
        return LambdaReply(status: 200, json: ["ReservedConcurrentExecutions": .int(reserved)])
    }

    static func getConcurrency(_ reference: FunctionReference, _ service: LambdaService) async throws(LambdaError)
        -> LambdaReply
    {
        let record = try await service.registry.function(reference)
        var out = JSONObject()
        if let reserved = record.reservedConcurrency { out["ReservedConcurrentExecutions"] = .int(reserved) }
        return LambdaReply(status: 200, json: .object(out))
    }

    static func deleteConcurrency(_ reference: FunctionReference, _ service: LambdaService) async throws(LambdaError)
        -> LambdaReply
    {
        var record = try await service.registry.function(reference)
        record.reservedConcurrency = nil
        _ = try await service.commit(record)
        return LambdaReply(status: 204, body: [], contentType: nil)
    }

    static func delete(_ reference: FunctionReference, _ service: LambdaService) async throws(LambdaError) -> LambdaReply {
        let record = try await service.registry.function(reference)
        try await service.registry.delete(name: record.name)
        await service.host.retire(functionName: record.name)
        return LambdaReply(status: 204, body: [])
    }

    // MARK: Members

    private static func checkRuntime(_ runtime: String) throws(LambdaError) {
        guard isSupported(runtime: runtime) else {
            throw LambdaError.invalidParameter(
                "The runtime parameter of \(runtime) is not supported by Sluice: use provided, provided.al2, provided.al2023 or python3.x"
            )
        }
    }

    /// `Environment.Variables` as stored JSON text, or nil when the member is absent.
    private static func environment(_ body: LambdaRequestBody) throws(LambdaError) -> String? {
        guard let environment = try body.objectMember("Environment") else { return nil }
        guard let variables = environment["Variables"], !variables.isNull else { return "{}" }
        guard let object = variables.objectValue else { throw LambdaRequestBody.wrongType("Environment") }
        var reserved: [String] = []
        for member in object {
            guard member.value.stringValue != nil else { throw LambdaRequestBody.wrongType("Environment") }
            if reservedVariables.contains(member.key) { reserved.append(member.key) }
        }
        if !reserved.isEmpty {
            throw LambdaError.invalidParameter(
                "Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: \(reserved.joined(separator: ", "))"
            )
        }
        return JSONValue.object(object).serialized
    }
}
