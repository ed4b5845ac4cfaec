import Foundation
import Testing
import SluiceJSON
@testable import SluiceServer

/// The Lambda API's pure pieces: names and ARNs, routes, code unpacking, function URL events and
/// answers, and the Step Functions output shape.
struct LambdaAPITests {
    @Test func functionNamesInEveryForm() throws {
        let plain = try FunctionReference("my-fn")
        #expect(plain.name == "my-fn" && plain.qualifier == nil && plain.isLatest)
        #expect(try FunctionReference("my-fn:$LATEST").qualifier == "$LATEST")
        #expect(try FunctionReference("123456789012:function:my-fn").name == "my-fn")
        let full = try FunctionReference("arn:aws:lambda:us-east-1:123456789012:function:my_fn:prod")
        #expect(full.name == "my_fn" && full.qualifier == "prod" && !full.isLatest)
        #expect(throws: LambdaError.self) { try FunctionReference("") }
        #expect(throws: LambdaError.self) { try FunctionReference("a:b:c:d:e") }
        #expect(throws: LambdaError.self) { try FunctionReference("bad name") }
        #expect(throws: LambdaError.self) { try FunctionReference("fn:one", qualifier: "two") }
    }

    @Test func routesByPath() {
        #expect(LambdaRoute(path: "/2015-03-31/functions") == .functions)
        #expect(LambdaRoute(path: "/2015-03-31/functions/") == .functions)
        #expect(LambdaRoute(path: "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Af/invocations")
            == .invocations("arn:aws:lambda:us-east-1:1:function:f"))
        #expect(LambdaRoute(path: "/2015-03-31/functions/f/configuration") == .configuration("f"))
        #expect(LambdaRoute(path: "/2021-11-15/functions/f/response-streaming-invocations") == .streamingInvocations("f"))
        #expect(LambdaRoute(path: "/2021-10-31/functions/f/url") == .url("f"))
        #expect(LambdaRoute(path: "/2017-10-31/functions/f/concurrency") == .concurrency("f"))
        #expect(LambdaRoute(path: "/2019-09-30/functions/f/concurrency") == .concurrency("f"))
        #expect(LambdaRoute(path: "/lambda-url/f") == .functionURL(name: "f", rawPath: "/"))
        #expect(LambdaRoute(path: "/lambda-url/f/a/b%20c") == .functionURL(name: "f", rawPath: "/a/b%20c"))
        #expect(LambdaRoute(path: "/2015-03-31/functions/f/nope") == nil)
        #expect(FrontRouter.destination(of: "/") == .awsJSON)
        #expect(FrontRouter.destination(of: "/2015-03-31/functions/x") == .lambda)
        #expect(FrontRouter.destination(of: "/2015-03-31/functionsX") == .awsJSON)
    }

    @Test func zipCodeKeepsModesAndRefusesEscapes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-zip-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let zip = try #require(Data(base64Encoded: Self.zipWithBootstrap))
        let code = try FunctionCode.unpack(zip: Array(zip), functionName: "fn", root: root)
        #expect(code.size == Int64(zip.count))
        #expect(code.sha256.count == 44)
        let mode = try FileManager.default.attributesOfItem(atPath: code.directory + "/bootstrap")[.posixPermissions]
        #expect((mode as? NSNumber)?.intValue == 0o755)
        #expect(FileManager.default.contents(atPath: code.directory + "/lib/data.txt") == Data("data".utf8))
        // Unpacking the same content again reuses the folder.
        #expect(try FunctionCode.unpack(zip: Array(zip), functionName: "fn", root: root) == code)
        let evil = try #require(Data(base64Encoded: Self.zipEscaping))
        #expect(throws: LambdaError.self) { try FunctionCode.unpack(zip: Array(evil), functionName: "fn", root: root) }
        #expect(throws: LambdaError.self) { try FunctionCode.unpack(zip: [1, 2, 3], functionName: "fn", root: root) }
    }

    @Test func functionURLEventIsPayloadFormat2() throws {
        let request = FunctionURLEvent.HTTPRequest(
            method: "POST", rawPath: "/a%20b", rawQuery: "k=v&k=w&x",
            headers: [("Host", "127.0.0.1:8083"), ("X-Multi", "1"), ("x-multi", "2"), ("Cookie", "a=1; b=2"),
                      ("Content-Type", "application/json")],
            body: Array(#"{"x":1}"#.utf8), sourceIp: "127.0.0.1")
        let event = FunctionURLEvent.make(
            request, urlId: "id", accountId: "123456789012", authType: "NONE", requestId: "r", nowMs: 0)
        #expect(event["version"] == "2.0")
        #expect(event["rawPath"] == "/a%20b")
        #expect(event["rawQueryString"] == "k=v&k=w&x")
        #expect(event["queryStringParameters"] == ["k": "v,w", "x": ""])
        #expect(event["headers"]?["x-multi"] == "1,2")
        #expect(event["cookies"] == ["a=1", "b=2"])
        #expect(event["requestContext"]?["http"]?["path"] == "/a b")
        #expect(event["requestContext"]?["accountId"] == "anonymous")
        #expect(event["requestContext"]?["time"] == "01/Jan/1970:00:00:00 +0000")
        #expect(event["body"] == #"{"x":1}"#)
        #expect(event["isBase64Encoded"] == false)
        let binary = FunctionURLEvent.make(
            FunctionURLEvent.HTTPRequest(method: "PUT", rawPath: "/", rawQuery: "", headers: [], body: [0, 255],
                                         sourceIp: "127.0.0.1"),
            urlId: "id", accountId: "1", authType: "AWS_IAM", requestId: "r", nowMs: 0)
        #expect(binary["body"] == "AP8=")
        #expect(binary["isBase64Encoded"] == true)
        #expect(binary["queryStringParameters"] == nil)
    }

    @Test func stepFunctionsPayloadsAndOutputShape() throws {
        #expect(LambdaTaskIntegration.payload(nil) == Array("{}".utf8))
        #expect(LambdaTaskIntegration.payload(.null) == Array("{}".utf8))
        #expect(LambdaTaskIntegration.payload("\"HelloWorld\"") == Array("\"HelloWorld\"".utf8))
        #expect(LambdaTaskIntegration.payload(["a": 1]) == Array(#"{"a":1}"#.utf8))
        #expect(LambdaTaskIntegration.result(Array("0.0".utf8)) == .number(JSONNumber(0.0)))
        #expect(LambdaTaskIntegration.result(Array("not json".utf8)) == "not json")
        let output = LambdaTaskIntegration.output(status: 200, payload: [:], contentLength: 2, requestId: "r", tail: nil)
        #expect(output.objectValue?.keys == ["ExecutedVersion", "Payload", "SdkHttpMetadata", "SdkResponseMetadata", "StatusCode"])
        #expect(output["SdkHttpMetadata"]?["HttpHeaders"]?["Content-Length"] == "2")
        #expect(output["SdkHttpMetadata"]?["AllHttpHeaders"]?.objectValue?.keys == [
            "X-Amz-Executed-Version", "x-amzn-Remapped-Content-Length", "Connection", "x-amzn-RequestId", "Content-Length",
            "Date", "X-Amzn-Trace-Id", "Content-Type",
        ])
        let tail = LambdaTaskIntegration.output(status: 200, payload: [:], contentLength: 2, requestId: "r", tail: "TG9n")
        #expect(tail.objectValue?.keys.prefix(3) == ["ExecutedVersion", "LogResult", "Payload"])
        #expect(LambdaTaskIntegration.functionArn("arn:aws:lambda:us-east-1:123456789012:function:f") != nil)
        #expect(LambdaTaskIntegration.functionArn("arn:aws:states:::lambda:invoke") == nil)
        let notFound = LambdaTaskIntegration.apiFailure(.functionNotFound("arn:x:$LATEST"), requestId: "id")
        #expect(notFound == .failed(
            error: "Lambda.ResourceNotFoundException",
            cause: "Function not found: arn:x:$LATEST (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: id; Proxy: null)"))
    }

    @Test func timestampsInLambdasFormats() {
        // 2025-11-06T12:31:48.287Z, a Thursday.
        let ms: Int64 = 1_762_432_308_287
        #expect(WireTimestamps.http(ms) == "Thu, 06 Nov 2025 12:31:48 GMT")
        #expect(WireTimestamps.lastModified(ms) == "2025-11-06T12:31:48.287+0000")
        #expect(WireTimestamps.functionURL(ms) == "2025-11-06T12:31:48.287000Z")
        #expect(WireTimestamps.commonLog(ms) == "06/Nov/2025:12:31:48 +0000")
        #expect(WireTimestamps.http(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(WireTimestamps.lastModified(951_782_400_000) == "2000-02-29T00:00:00.000+0000")
        #expect(WireTimestamps.http(-1) == "Wed, 31 Dec 1969 23:59:59 GMT")
    }

    @Test func errorsAreRestJSON() throws {
        let error = LambdaError.functionNotFound("arn:aws:lambda:us-east-1:1:function:f")
        #expect(error.status == 404)
        #expect(try JSONValue(parsing: error.body) == ["Type": "User", "Message": "Function not found: arn:aws:lambda:us-east-1:1:function:f"])
        #expect(try JSONValue(parsing: LambdaError.conflict("Function already exist: f").body)["message"] == "Function already exist: f")
    }

    static let zipWithBootstrap =
        "UEsDBBQAAAAAAAAAIQAvOtrpEgAAABIAAAAJAAAAYm9vdHN0cmFwIyEvYmluL3NoCmVjaG8gaGkKUEsDBBQAAAAAAAAAIQBj8/OtBAAAAAQAAAAMAAAAbGliL2RhdGEudHh0ZGF0YVBLAQIUAxQAAAAAAAAAIQAvOtrpEgAAABIAAAAJAAAAAAAAAAAAAADtgQAAAABib290c3RyYXBQSwECFAMUAAAAAAAAACEAY/PzrQQAAAAEAAAADAAAAAAAAAAAAAAApIE5AAAAbGliL2RhdGEudHh0UEsFBgAAAAACAAIAcQAAAGcAAAAAAA=="
    static let zipEscaping =
        "UEsDBBQAAAAAAAAAIQCDFtyMAQAAAAEAAAALAAAALi4vZXZpbC50eHR4UEsBAhQDFAAAAAAAAAAhAIMW3IwBAAAAAQAAAAsAAAAAAAAAAAAAAIABAAAAAC4uL2V2aWwudHh0UEsFBgAAAAABAAEAOQAAACoAAAAAAA=="
}
