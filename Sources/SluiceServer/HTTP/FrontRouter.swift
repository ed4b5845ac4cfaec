import Hummingbird

/// The server's single entry point: picks the responder of a request by its path prefix. Lambda
/// REST paths and function URLs go to the Lambda API, `GET /executions/{arn}/events` to the live
/// event streams; everything else (any path) is the AWS JSON 1.0 protocol (Step Functions and
/// DynamoDB, by `X-Amz-Target`). Add a case per new family of paths.
struct FrontRouter: Sendable {
    let awsJSON: AWSJSONResponder
    let lambda: LambdaResponder
    let events: EventStreamResponder

    /// The families of paths the server answers.
    enum Destination {
        case lambda
        case awsJSON
    }

    static func destination(of path: String) -> Destination {
        switch path {
        case _ where LambdaRoute.serves(path): .lambda
        default: .awsJSON
        }
    }

    func respond(to request: Request, context: BasicRequestContext) async -> Response {
        if EventStreamResponder.handles(request) { return await events.respond(to: request) }
        return switch Self.destination(of: request.uri.path) {
        case .lambda: await lambda.respond(to: request, context: context)
        case .awsJSON: await awsJSON.respond(to: request, context: context)
        }
    }
}
