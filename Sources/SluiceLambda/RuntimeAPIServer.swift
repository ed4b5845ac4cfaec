import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The Lambda Runtime API listener of one execution environment (NIO HTTP/1.1 on 127.0.0.1:0).
///
/// NIO rather than Hummingbird because streamed `/response` bodies end with HTTP trailers
/// (`Lambda-Runtime-Function-Error-Type`/`-Body`), which NIO's decoder delivers in `.end(trailers)`.
enum RuntimeAPIServer {
    static func bind(environment: ExecutionEnvironment, group: any EventLoopGroup, eventLoop: any EventLoop)
        async throws -> any Channel
    {
        try await ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: false)
            .childChannelInitializer { [weak environment] channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let environment else { throw ChannelError.ioOnClosedChannel }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(RuntimeAPIHandler(environment: environment))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }
}

/// Tokens that tell parked `/next` requests apart.
enum NextToken {
    private static let counter = Atomic<UInt64>(0)
    static func make() -> UInt64 { counter.wrappingAdd(1, ordering: .relaxed).newValue }
}

/// Serves the Runtime API routes of one connection:
/// `GET /2018-06-01/runtime/invocation/next`, `POST …/invocation/{id}/response`,
/// `POST …/invocation/{id}/error`, `POST …/init/error`.
final class RuntimeAPIHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Route {
        case idle
        case next
        case parkedNext(token: UInt64)
        case response(requestId: String)
        case error(requestId: String, type: String?, body: [UInt8])
        case initError(type: String?, body: [UInt8])
        /// The request is answered with this once its body has been read (and dropped).
        case reject(RuntimeAPIError)
    }

    private let environment: ExecutionEnvironment
    private var route: Route = .idle
    private var keepAlive = true

    init(environment: ExecutionEnvironment) {
        self.environment = environment
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): receiveHead(head)
        case .body(let buffer): receiveBody(buffer)
        case .end(let trailers): receiveEnd(context: context, trailers: trailers)
        }
    }

    /// Unparseable HTTP (NIO's protocol error handler has already answered 400): drop the connection.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .parkedNext(let token) = route { environment.nextAbandoned(token: token) }
        route = .idle
        context.fireChannelInactive()
    }

    // MARK: Request parts

    private func receiveHead(_ head: HTTPRequestHead) {
        keepAlive = head.isKeepAlive
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard segments.count >= 3, segments[0] == "2018-06-01", segments[1] == "runtime" else {
            route = .reject(.notFound)
            return
        }
        let rest = Array(segments.dropFirst(2))
        switch (head.method, rest.count) {
        case (.GET, 2) where rest[0] == "invocation" && rest[1] == "next":
            route = .next
        case (.POST, 3) where rest[0] == "invocation" && rest[2] == "response":
            let requestId = rest[1]
            let contentLength = head.headers.first(name: "content-length").flatMap { Int($0) }
            let result = environment.beginResponse(
                requestId: requestId, mode: head.headers.first(name: "Lambda-Runtime-Function-Response-Mode"),
                contentType: head.headers.first(name: "content-type"), contentLength: contentLength)
            switch result {
            case .success: route = .response(requestId: requestId)
            case .failure(let failure): route = .reject(failure)
            }
        case (.POST, 3) where rest[0] == "invocation" && rest[2] == "error":
            let requestId = rest[1]
            if let failure = environment.validateError(requestId: requestId) {
                route = .reject(failure)
            } else {
                route = .error(
                    requestId: requestId, type: head.headers.first(name: "Lambda-Runtime-Function-Error-Type"), body: [])
            }
        case (.POST, 2) where rest[0] == "init" && rest[1] == "error":
            route = .initError(type: head.headers.first(name: "Lambda-Runtime-Function-Error-Type"), body: [])
        default:
            route = .reject(.notFound)
        }
    }

    private func receiveBody(_ buffer: ByteBuffer) {
        switch route {
        case .response(let requestId):
            let bytes = Array(buffer.readableBytesView)
            if case .failure(let failure) = environment.responseChunk(requestId: requestId, bytes) {
                route = .reject(failure)
            }
        case .error(let requestId, let type, var body):
            route = .idle
            Self.append(buffer, to: &body)
            route = .error(requestId: requestId, type: type, body: body)
        case .initError(let type, var body):
            route = .idle
            Self.append(buffer, to: &body)
            route = .initError(type: type, body: body)
        case .idle, .next, .parkedNext, .reject:
            break
        }
    }

    private static func append(_ buffer: ByteBuffer, to body: inout [UInt8]) {
        let room = RuntimeAPILimits.maxErrorBody - body.count
        guard room > 0 else { return }
        body.append(contentsOf: buffer.readableBytesView.prefix(room))
    }

    private func receiveEnd(context: ChannelHandlerContext, trailers: HTTPHeaders?) {
        let current = route
        route = .idle
        switch current {
        case .idle, .parkedNext:
            break
        case .next:
            let token = NextToken.make()
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let result = environment.nextRequested(token: token) { invocation in
                bound.eventLoop.execute {
                    let (handler, context) = bound.value
                    guard case .parkedNext(let parked) = handler.route, parked == token else { return }
                    handler.route = .idle
                    handler.writeInvocation(context: context, invocation)
                }
            }
            switch result {
            case .success(let invocation?): writeInvocation(context: context, invocation)
            case .success(nil): route = .parkedNext(token: token)
            case .failure(let failure): writeError(context: context, failure)
            }
        case .response(let requestId):
            environment.finishResponse(requestId: requestId, trailers: trailers)
            writeAccepted(context: context)
        case .error(let requestId, let type, let body):
            if let failure = environment.postError(requestId: requestId, headerType: type, body: body) {
                writeError(context: context, failure)
            } else {
                writeAccepted(context: context)
            }
        case .initError(let type, let body):
            if let failure = environment.postInitError(headerType: type, body: body) {
                writeError(context: context, failure)
            } else {
                writeAccepted(context: context)
            }
        case .reject(let failure):
            writeError(context: context, failure)
        }
    }

    // MARK: Responses

    private func writeInvocation(context: ChannelHandlerContext, _ invocation: RuntimeInvocation) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Lambda-Runtime-Aws-Request-Id", value: Self.headerValue(invocation.requestId))
        headers.add(name: "Lambda-Runtime-Deadline-Ms", value: String(invocation.deadlineMs))
        headers.add(
            name: "Lambda-Runtime-Invoked-Function-Arn", value: Self.headerValue(invocation.request.invokedFunctionArn))
        headers.add(name: "Lambda-Runtime-Trace-Id", value: Self.headerValue(invocation.traceId))
        if let clientContext = invocation.request.clientContext {
            headers.add(name: "Lambda-Runtime-Client-Context", value: Self.headerValue(clientContext))
        }
        if let cognito = invocation.request.cognitoIdentity {
            headers.add(name: "Lambda-Runtime-Cognito-Identity", value: Self.headerValue(cognito))
        }
        var body = context.channel.allocator.buffer(capacity: invocation.request.payload.count)
        body.writeBytes(invocation.request.payload)
        write(context: context, status: .ok, headers: headers, body: body)
    }

    private func writeAccepted(context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        write(context: context, status: .accepted, headers: headers, body: ByteBuffer(string: "{\"status\":\"OK\"}\n"))
    }

    private func writeError(context: ChannelHandlerContext, _ failure: RuntimeAPIError) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        write(
            context: context, status: HTTPResponseStatus(statusCode: failure.status), headers: headers,
            body: ByteBuffer(bytes: failure.body))
    }

    private func write(context: ChannelHandlerContext, status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) {
        var headers = headers
        headers.add(name: "Content-Length", value: String(body.readableBytes))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Header values without control characters (user data such as a client context must not
    /// break the response head).
    private static func headerValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return value }
        return String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }
}
