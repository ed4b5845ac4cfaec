import HTTPTypes
import Hummingbird
import NIOCore
import SluiceAPI
import SluiceStore

/// `GET /executions/{executionArn}/events`: an execution's history events, live, as JSON Lines
/// or Server-Sent Events (see docs/events.md).
struct EventStreamResponder: Sendable {
    let store: Store
    let hub: ExecutionEventHub
    let express: ExpressEventLog

    static let lastEventId = HTTPField.Name("Last-Event-ID")
    static let requestId = HTTPField.Name("x-amzn-RequestId")
    static let errorType = HTTPField.Name("x-amzn-ErrorType")

    /// The execution ARN (percent-decoded) of a path `/executions/{arn}/events`, or `nil` when
    /// the path is not this route.
    static func executionArn(path: String) -> String? {
        let prefix = "/executions/"
        let suffix = "/events"
        guard path.hasPrefix(prefix), path.hasSuffix(suffix), path.utf8.count > prefix.utf8.count + suffix.utf8.count
        else { return nil }
        let encoded = path.utf8.dropFirst(prefix.utf8.count).dropLast(suffix.utf8.count)
        return PercentDecoding.decode(encoded)
    }

    /// Whether this responder answers the request (a GET on its route).
    static func handles(_ request: Request) -> Bool {
        request.method == .get && executionArn(path: request.uri.path) != nil
    }

    func respond(to request: Request) async -> Response {
        let requestId = RandomID.uuid()
        guard let arn = Self.executionArn(path: request.uri.path) else {
            return error(AWSError.unknownOperation(nil), status: .notFound, requestId: requestId)
        }
        let after: Int
        switch Self.after(request) {
        case .success(let value): after = value
        case .failure(let failure): return error(failure, status: .badRequest, requestId: requestId)
        }
        let backlog: EventBacklog
        switch await backlogSource(arn) {
        case .success(let source): backlog = source
        case .failure(let failure):
            let status: HTTPResponse.Status =
                failure.code == "ExecutionDoesNotExist" ? .notFound : HTTPResponse.Status(code: failure.status)
            return error(failure, status: status, requestId: requestId)
        }
        let format = EventStreamFormat(accept: request.headers[.accept])
        let hub = self.hub
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.cacheControl] = "no-cache"
        if let name = Self.requestId { headers[name] = requestId }
        let body = ResponseBody { writer in
            let subscription = hub.subscribe(arn)
            defer { subscription.cancel() }
            let (end, last) = try await EventFollower.follow(subscription, backlog: backlog, after: after) { events in
                try await writer.write(format.frame(events))
            }
            switch end {
            case .closed: break
            case .fellBehind: try await writer.write(format.notice("fell-behind", lastEventId: last))
            case .stopped:
                if hub.isStopped { try await writer.write(format.notice("server-stopping", lastEventId: last)) }
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// Where to start: `Last-Event-ID` (what a reconnecting EventSource sends) wins over `?after=`.
    static func after(_ request: Request) -> Result<Int, AWSError> {
        let header = lastEventId.flatMap { request.headers[$0] }
        let query = request.uri.queryParameters["after"].map(String.init)
        guard let text = header ?? query else { return .success(0) }
        guard let value = Int(text.filter { $0 != " " && $0 != "\t" }), value >= 0 else {
            return .failure(AWSError("ValidationException", "after / Last-Event-ID must be a non-negative event id, got '\(text)'"))
        }
        return .success(value)
    }

    /// The backlog of a Standard execution (the store) or of an Express one (memory).
    func backlogSource(_ arn: String) async -> Result<EventBacklog, AWSError> {
        let parsed: ResourceArn
        do {
            parsed = try ResourceArn.parse(arn)
        } catch {
            return .failure(error)
        }
        switch (parsed.resourceType, parsed.names.count) {
        case ("execution", 2):
            let store = self.store
            do {
                guard try await store.execution(arn: arn) != nil else { return .failure(.executionDoesNotExist(arn)) }
            } catch {
                return .failure(.internalFailure())
            }
            return .success(
                EventBacklog(
                    page: { after, limit in
                        try await store.history(executionArn: arn, afterId: after, reverse: false, limit: limit)
                            .map { StreamedEvent(id: $0.id, text: $0.text) }
                    },
                    isClosed: { try await store.execution(arn: arn)?.status != "RUNNING" }))
        case ("express", 3):
            let express = self.express
            guard express.isClosed(arn) != nil else { return .failure(.executionDoesNotExist(arn)) }
            return .success(
                EventBacklog(
                    page: { after, limit in express.events(arn, after: after, limit: limit) ?? [] },
                    // Forgotten (evicted) counts as closed: nothing more can be read.
                    isClosed: { express.isClosed(arn) ?? true }))
        default:
            return .failure(.invalidArn("Resource type not valid in this context: \(parsed.resourceType)"))
        }
    }

    private func error(_ error: AWSError, status: HTTPResponse.Status, requestId: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = AWSJSONResponder.contentType
        if let name = Self.requestId { headers[name] = requestId }
        if let name = Self.errorType { headers[name] = error.errorTypeHeader }
        return Response(
            status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: Dispatcher.errorBody(error))))
    }
}

/// `%XX` decoding of a path segment (malformed escapes are kept as they are).
enum PercentDecoding {
    static func decode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var iterator = Array(bytes)[...]
        while let byte = iterator.popFirst() {
            if byte == UInt8(ascii: "%"), iterator.count >= 2,
                let high = hex(iterator[iterator.startIndex]),
                let low = hex(iterator[iterator.index(after: iterator.startIndex)])
            {
                out.append(high << 4 | low)
                iterator = iterator.dropFirst(2)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
