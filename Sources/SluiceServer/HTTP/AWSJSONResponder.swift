import HTTPTypes
import Hummingbird
import NIOCore
import SluiceAPI

/// The HTTP edge of the AWS JSON 1.0 protocol: any path, any Host header; the operation comes
/// from `X-Amz-Target`. Every answer carries `x-amzn-RequestId`; errors carry `x-amzn-ErrorType`.
/// Signatures (SigV4) are accepted as they are.
struct AWSJSONResponder: Sendable {
    let dispatcher: Dispatcher
    let bodyLimit: Int

    static let contentType = "application/x-amz-json-1.0"
    static let target = HTTPField.Name("X-Amz-Target")
    static let requestId = HTTPField.Name("x-amzn-RequestId")
    static let errorType = HTTPField.Name("x-amzn-ErrorType")

    func respond(to request: Request, context: BasicRequestContext) async -> Response {
        let requestId = RandomID.uuid()
        guard request.method == .post else {
            return errorResponse(AWSError.unknownOperation(nil), requestId: requestId)
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: bodyLimit)
        } catch {
            return errorResponse(AWSError.requestTooLarge(limit: bodyLimit), requestId: requestId)
        }
        let target = Self.target.flatMap { request.headers[$0] }
        let body = Array(buffer.readableBytesView)
        switch await dispatcher.handle(target: target, body: body) {
        case .success(let bytes):
            return response(status: .ok, bytes: bytes, requestId: requestId, errorType: nil)
        case .failure(let error):
            return errorResponse(error, requestId: requestId)
        }
    }

    private func errorResponse(_ error: AWSError, requestId: String) -> Response {
        response(
            status: HTTPResponse.Status(code: error.status), bytes: Dispatcher.errorBody(error), requestId: requestId,
            errorType: error.errorTypeHeader)
    }

    private func response(status: HTTPResponse.Status, bytes: [UInt8], requestId: String, errorType: String?) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = Self.contentType
        if let name = Self.requestId { headers[name] = requestId }
        if let errorType, let name = Self.errorType { headers[name] = errorType }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
