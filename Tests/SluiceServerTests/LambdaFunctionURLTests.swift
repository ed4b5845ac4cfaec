import HTTPTypes
import Hummingbird
import NIOCore
import SluiceLambda
import Synchronization
import Testing
@testable import SluiceServer

/// How a function URL answers from the runtime's events: the BUFFERED interpretation of a result
/// and the RESPONSE_STREAM head (http-integration prelude, AWS's edge cases).
struct LambdaFunctionURLTests {
    /// Collects a response body as it is written.
    final class Collected: Sendable {
        let chunks = Mutex<[[UInt8]]>([])
    }

    struct Collector: ResponseBodyWriter {
        let into: Collected
        mutating func write(_ buffer: ByteBuffer) async throws {
            into.chunks.withLock { $0.append(Array(buffer.readableBytesView)) }
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    static func events(_ list: [InvocationEvent]) -> AsyncStream<InvocationEvent> {
        AsyncStream { continuation in
            for event in list { continuation.yield(event) }
            continuation.finish()
        }
    }

    static func done(_ outcome: InvocationOutcome = .success) -> InvocationEvent {
        .completed(InvocationResult(outcome: outcome, log: [], requestId: "r"))
    }

    static func body(_ response: Response) async throws -> [[UInt8]] {
        let collected = Collected()
        try await response.body.write(Collector(into: collected))
        return collected.chunks.withLock { $0 }
    }

    @Test func preludeSetsStatusHeadersAndCookiesEvenWhenSplit() async throws {
        let prelude = Array(#"{"statusCode":201,"headers":{"Content-Type":"text/plain","X-A":"b"},"cookies":["a=1"]}"#.utf8)
        let bytes = prelude + [UInt8](repeating: 0, count: 8) + Array("hello".utf8)
        let response = await FunctionURLInvoke.stream(
            Self.events([
                .responseStarted(contentType: FunctionURLInvoke.preludeContentType, streaming: true),
                .chunk(Array(bytes[0..<10])), .chunk(Array(bytes[10..<(prelude.count + 3)])),
                .chunk(Array(bytes[(prelude.count + 3)...])), .chunk(Array("world".utf8)), Self.done(),
            ]), requestId: "r")
        #expect(response.status.code == 201)
        #expect(response.headers[.contentType] == "text/plain")
        #expect(response.headers[.setCookie] == "a=1")
        #expect(response.headers[try #require(HTTPField.Name("X-A"))] == "b")
        #expect(try await Self.body(response) == [Array("hello".utf8), Array("world".utf8)])
    }

    @Test func withoutPreludeTheRuntimesContentTypeAndBytes() async throws {
        let response = await FunctionURLInvoke.stream(
            Self.events([.responseStarted(contentType: "text/csv", streaming: true), .chunk([1, 2]), .chunk([3]), Self.done()]),
            requestId: "r")
        #expect(response.status.code == 200)
        #expect(response.headers[.contentType] == "text/csv")
        #expect(try await Self.body(response) == [[1, 2], [3]])
    }

    @Test func edgeCasesOfTheHTTPIntegrationType() async throws {
        let started = InvocationEvent.responseStarted(contentType: FunctionURLInvoke.preludeContentType, streaming: true)
        // A body that does not start with a prelude: 502.
        let notFound = await FunctionURLInvoke.stream(Self.events([started, .chunk(Array("Not Found".utf8)), Self.done()]), requestId: "r")
        #expect(notFound.status.code == 502)
        // No byte at all: 200 without custom headers.
        let empty = await FunctionURLInvoke.stream(Self.events([started, Self.done()]), requestId: "r")
        #expect(empty.status.code == 200)
        // A prelude that is not JSON: 502.
        let garbage = await FunctionURLInvoke.stream(
            Self.events([started, .chunk(Array("{nope".utf8) + [UInt8](repeating: 0, count: 8)), Self.done()]), requestId: "r")
        #expect(garbage.status.code == 502)
        // A function error before the first byte: 502.
        let failed = await FunctionURLInvoke.stream(
            Self.events([Self.done(.functionError(type: "Error", document: Array("{}".utf8)))]), requestId: "r")
        #expect(failed.status.code == 502)
    }

    @Test func bufferedResultsAreInterpretedAsAWSDoes() async throws {
        func buffered(_ text: String, error: Bool = false) -> Response {
            let outcome: InvocationOutcome = error ? .functionError(type: "E", document: Array(text.utf8)) : .success
            return FunctionURLInvoke.buffered(
                CompletedInvocation(payload: Array(text.utf8), result: InvocationResult(outcome: outcome, log: [], requestId: "r")),
                requestId: "r")
        }
        let plain = buffered(#"{"a":1}"#)
        #expect(plain.status.code == 200 && plain.headers[.contentType] == "application/json")
        #expect(try await Self.body(plain) == [Array(#"{"a":1}"#.utf8)])
        let shaped = buffered(#"{"statusCode":404,"headers":{"Content-Type":"text/html"},"body":"PGI+","isBase64Encoded":true,"cookies":["x=1"]}"#)
        #expect(shaped.status.code == 404 && shaped.headers[.contentType] == "text/html")
        #expect(shaped.headers[.setCookie] == "x=1")
        #expect(try await Self.body(shaped) == [Array("<b>".utf8)])
        #expect(buffered(#"{"errorMessage":"x"}"#, error: true).status.code == 502)
    }
}
