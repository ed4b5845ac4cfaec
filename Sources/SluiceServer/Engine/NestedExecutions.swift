import SluiceAPI
import SluiceJSON
import SluiceStore

/// The `arn:aws:states:::states:startExecution` integration: its modes and the payloads AWS
/// returns for it (the StartExecution response with SDK metadata, DescribeExecution for `.sync`).
enum NestedExecution {
    enum Mode: String, Sendable {
        case requestResponse = "requestResponse"
        case sync = "sync"
        case sync2 = "sync:2"
        /// The child (or anyone holding `$$.Task.Token`) answers with SendTaskSuccess/Failure.
        case callback = "waitForTaskToken"
    }

    static func mode(of resource: String) -> Mode? {
        switch resource {
        case "arn:aws:states:::states:startExecution": .requestResponse
        case "arn:aws:states:::states:startExecution.sync": .sync
        case "arn:aws:states:::states:startExecution.sync:2": .sync2
        case "arn:aws:states:::states:startExecution.waitForTaskToken": .callback
        default: nil
        }
    }

    /// StartExecution's answer as the Java SDK renders it in task outputs.
    static func startResponse(executionArn: String, startMs: Int64) -> JSONValue {
        let requestId = RandomID.uuid()
        var body = JSONObject()
        body["executionArn"] = .string(executionArn)
        body["startDate"] = AWSTime.epochSeconds(startMs)
        let length = String(JSONValue.object(body).serializedBytes.count)
        let date = WireTimestamps.http(startMs)
        var all = JSONObject()
        all["x-amzn-RequestId"] = [.string(requestId)]
        all["connection"] = ["keep-alive"]
        all["Content-Length"] = [.string(length)]
        all["Date"] = [.string(date)]
        all["Content-Type"] = ["application/x-amz-json-1.0"]
        var headers = JSONObject()
        headers["connection"] = "keep-alive"
        headers["Content-Length"] = .string(length)
        headers["Content-Type"] = "application/x-amz-json-1.0"
        headers["Date"] = .string(date)
        headers["x-amzn-RequestId"] = .string(requestId)
        var http = JSONObject()
        http["AllHttpHeaders"] = .object(all)
        http["HttpHeaders"] = .object(headers)
        http["HttpStatusCode"] = 200
        var out = JSONObject()
        out["ExecutionArn"] = .string(executionArn)
        out["SdkHttpMetadata"] = .object(http)
        out["SdkResponseMetadata"] = .object(["RequestId": .string(requestId)])
        out["StartDate"] = .number(JSONNumber(startMs))
        return .object(out)
    }

    /// DescribeExecution of the finished child, as `.sync` (JSON as strings) or `.sync:2`
    /// (JSON parsed) returns it; keys in AWS's (alphabetical) order.
    static func describe(_ child: ExecutionRecord, mode: Mode) -> JSONValue {
        func data(_ text: String) -> JSONValue {
            mode == .sync2 ? ((try? JSONValue(parsing: text)) ?? .string(text)) : .string(text)
        }
        var out = JSONObject()
        if let cause = child.cause { out["Cause"] = .string(cause) }
        if let error = child.error { out["Error"] = .string(error) }
        out["ExecutionArn"] = .string(child.executionArn)
        out["Input"] = data(child.input)
        out["InputDetails"] = .object(["Included": true])
        out["Name"] = .string(child.name)
        if let output = child.output {
            out["Output"] = data(output)
            out["OutputDetails"] = .object(["Included": true])
        }
        out["StartDate"] = .number(JSONNumber(child.startMs))
        out["StateMachineArn"] = .string(child.stateMachineArn)
        out["Status"] = .string(child.status)
        if let stop = child.stopMs { out["StopDate"] = .number(JSONNumber(stop)) }
        return .object(out)
    }

    /// A failed StartExecution call as a task error: `StepFunctions.<Code>Exception` and the SDK's message.
    static func failure(_ error: AWSError) -> (error: String, cause: String) {
        let name = error.code.hasSuffix("Exception") ? error.code : error.code + "Exception"
        return (
            "StepFunctions.\(name)",
            "\(error.message) (Service: AWSStepFunctions; Status Code: \(error.status); Error Code: \(error.code); Request ID: \(RandomID.uuid()); Proxy: null)"
        )
    }
}
