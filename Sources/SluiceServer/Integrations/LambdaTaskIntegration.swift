import Foundation
import SluiceJSON
import SluiceLambda

/// Task states that call Lambda: `arn:aws:states:::lambda:invoke` (output in AWS's recorded
/// shape: ExecutedVersion, Payload, SdkHttpMetadata, SdkResponseMetadata, StatusCode) and bare
/// function ARNs (output: the function's result). A function error fails the task with the
/// function's `errorType` as the error and its error document as the cause; the Lambda API's own
/// errors are `Lambda.<Code>` with the SDK's cause text.
struct LambdaTaskIntegration: TaskIntegration {
    let service: LambdaService

    static let invokeResource = "arn:aws:states:::lambda:invoke"
    /// A task result larger than this fails with States.DataLimitExceeded (256 KB).
    static let resultLimit = 262_144

    func serves(_ resource: String) -> Bool {
        resource == Self.invokeResource || Self.functionArn(resource) != nil
    }

    func call(_ call: TaskCall) async -> TaskCallResult {
        if call.resource == Self.invokeResource { return await invoke(call.input) }
        guard let name = Self.functionArn(call.resource) else {
            return .failed(error: "States.Runtime", cause: "Unsupported resource: \(call.resource)")
        }
        return await bare(name, call.input)
    }

    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` → the FunctionName to invoke.
    static func functionArn(_ resource: String) -> String? {
        let parts = resource.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 7 || parts.count == 8, parts[0] == "arn", parts[2] == "lambda", parts[5] == "function" else {
            return nil
        }
        return resource
    }

    // MARK: lambda:invoke

    private func invoke(_ input: JSONValue) async -> TaskCallResult {
        guard let parameters = input.objectValue, let functionName = parameters["FunctionName"]?.stringValue else {
            return .failed(
                error: "States.Runtime",
                cause: "The field 'FunctionName' is required for the resource '\(Self.invokeResource)'.")
        }
        let requestId = UUID().uuidString.lowercased()
        let invocationType = parameters["InvocationType"]?.stringValue ?? "RequestResponse"
        let tail = parameters["LogType"]?.stringValue == "Tail"
        let completed: CompletedInvocation
        do {
            let reference = try FunctionReference(functionName, qualifier: parameters["Qualifier"]?.stringValue)
            let (_, function) = try await service.registry.runnable(
                reference.qualifier == nil ? FunctionReference(functionName, qualifier: "$LATEST") : reference)
            let payload = Self.payload(parameters["Payload"])
            let clientContext = parameters["ClientContext"]?.stringValue.flatMap { Data(base64Encoded: $0) }.map {
                String(decoding: $0, as: UTF8.self)
            }
            if invocationType == "DryRun" {
                return .succeeded(Self.output(status: 204, payload: nil, contentLength: 0, requestId: requestId, tail: nil))
            }
            if invocationType == "Event" {
                let options = try InvokeOperations.Options(invocationType: "Event", logType: nil, clientContext: nil)
                _ = try await InvokeOperations.invoke(reference, options, payload: payload, service)
                return .succeeded(Self.output(status: 202, payload: .string(""), contentLength: 0, requestId: requestId, tail: nil))
            }
            completed = try await Invocation.run(
                function, payload: payload, clientContext: clientContext, requestId: requestId, waitForCapacity: true,
                service)
        } catch {
            return Self.apiFailure(error, requestId: requestId)
        }
        if let failure = Self.functionFailure(completed) { return failure }
        let output = Self.output(
            status: 200, payload: Self.result(completed.payload), contentLength: completed.payload.count,
            requestId: requestId, tail: tail ? completed.logTail : nil)
        return Self.limited(output)
    }

    // MARK: Bare function ARNs

    private func bare(_ arn: String, _ input: JSONValue) async -> TaskCallResult {
        let requestId = UUID().uuidString.lowercased()
        do {
            let reference = try FunctionReference(arn)
            let (_, function) = try await service.registry.runnable(
                reference.qualifier == nil ? FunctionReference(arn, qualifier: "$LATEST") : reference)
            let completed = try await Invocation.run(
                function, payload: input.serializedBytes, requestId: requestId, waitForCapacity: true, service)
            if let failure = Self.functionFailure(completed) { return failure }
            return Self.limited(Self.result(completed.payload))
        } catch {
            return Self.apiFailure(error, requestId: requestId)
        }
    }

    // MARK: Shapes

    /// The bytes sent for `Payload`: a string as it is, any other value as JSON, none as `{}`.
    static func payload(_ value: JSONValue?) -> [UInt8] {
        switch value {
        case nil, .null?: return Array("{}".utf8)
        case .string(let text)?: return Array(text.utf8)
        case let other?: return other.serializedBytes
        }
    }

    /// The function's answer as a JSON value (text that is not JSON stays a string).
    static func result(_ bytes: [UInt8]) -> JSONValue {
        if let value = try? JSONValue(parsing: bytes) { return value }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    /// A function error: the error is its `errorType` (else the runtime's error type), the
    /// cause its error document, written compactly as Step Functions records it.
    static func functionFailure(_ completed: CompletedInvocation) -> TaskCallResult? {
        guard let (type, document) = completed.functionError else { return nil }
        guard let parsed = try? JSONValue(parsing: document) else {
            return .failed(error: type, cause: String(decoding: document, as: UTF8.self))
        }
        return .failed(error: parsed["errorType"]?.stringValue ?? type, cause: parsed.serialized)
    }

    /// An error of the Lambda API, as the Java SDK Step Functions uses words it.
    static func apiFailure(_ error: LambdaError, requestId: String) -> TaskCallResult {
        .failed(
            error: "Lambda.\(error.code)",
            cause:
                "\(error.message) (Service: AWSLambda; Status Code: \(error.status); Error Code: \(error.code); Request ID: \(requestId); Proxy: null)"
        )
    }

    static func limited(_ output: JSONValue) -> TaskCallResult {
        guard output.serializedBytes.count <= resultLimit else {
            return .failed(
                error: "States.DataLimitExceeded",
                cause: "The state/task 'lambda' returned a result with a size exceeding the maximum number of bytes service limit.")
        }
        return .succeeded(output)
    }

    /// lambda:invoke's output, as AWS records it.
    static func output(status: Int, payload: JSONValue?, contentLength: Int, requestId: String, tail: String?) -> JSONValue {
        let date = WireTimestamps.http(Int64(Date().timeIntervalSince1970 * 1000))
        let trace = "Root=1-\(String(Int(Date().timeIntervalSince1970), radix: 16))-\(requestId.replacingOccurrences(of: "-", with: "").prefix(24));Sampled=0"
        var all = JSONObject()
        if let tail { all["X-Amz-Log-Result"] = [.string(tail)] }
        all["X-Amz-Executed-Version"] = ["$LATEST"]
        all["x-amzn-Remapped-Content-Length"] = ["0"]
        all["Connection"] = ["keep-alive"]
        all["x-amzn-RequestId"] = [.string(requestId)]
        all["Content-Length"] = [.string(String(contentLength))]
        all["Date"] = [.string(date)]
        all["X-Amzn-Trace-Id"] = [.string(trace)]
        all["Content-Type"] = ["application/json"]
        var headers = JSONObject()
        headers["Connection"] = "keep-alive"
        headers["Content-Length"] = .string(String(contentLength))
        headers["Content-Type"] = "application/json"
        headers["Date"] = .string(date)
        headers["X-Amz-Executed-Version"] = "$LATEST"
        if let tail { headers["X-Amz-Log-Result"] = .string(tail) }
        headers["x-amzn-Remapped-Content-Length"] = "0"
        headers["x-amzn-RequestId"] = .string(requestId)
        headers["X-Amzn-Trace-Id"] = .string(trace)
        var o = JSONObject()
        o["ExecutedVersion"] = "$LATEST"
        if let tail { o["LogResult"] = .string(tail) }
        if let payload { o["Payload"] = payload }
        o["SdkHttpMetadata"] = ["AllHttpHeaders": .object(all), "HttpHeaders": .object(headers), "HttpStatusCode": .int(status)]
        o["SdkResponseMetadata"] = ["RequestId": .string(requestId)]
        o["StatusCode"] = .int(status)
        return .object(o)
    }
}
