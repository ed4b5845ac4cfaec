/// What the host needs to run one function (the API layer builds it from the stored configuration).
public struct LambdaFunction: Sendable, Hashable {
    public var name: String
    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`
    public var arn: String
    /// `provided.al2023` | `provided.al2` | `provided` | `python3.x` (see `RuntimeLauncher`).
    public var runtime: String
    public var handler: String
    /// Absolute path of the unpacked code (the process's cwd and LAMBDA_TASK_ROOT).
    public var codeDirectory: String
    public var environment: [String: String]
    /// AWS default 3.
    public var timeoutSeconds: Int
    /// AWS default 128.
    public var memorySizeMB: Int
    /// Warm processes at most (reserved concurrency, else a default such as 10).
    public var concurrencyLimit: Int
    /// Changes with code or configuration; processes of an older revision are retired.
    public var revision: String

    public init(
        name: String, arn: String, runtime: String, handler: String, codeDirectory: String,
        environment: [String: String] = [:], timeoutSeconds: Int = 3, memorySizeMB: Int = 128,
        concurrencyLimit: Int = 10, revision: String = "1"
    ) {
        self.name = name
        self.arn = arn
        self.runtime = runtime
        self.handler = handler
        self.codeDirectory = codeDirectory
        self.environment = environment
        self.timeoutSeconds = timeoutSeconds
        self.memorySizeMB = memorySizeMB
        self.concurrencyLimit = concurrencyLimit
        self.revision = revision
    }
}

/// One invocation's request.
public struct InvocationRequest: Sendable {
    public var payload: [UInt8]
    public var invokedFunctionArn: String
    /// JSON text (already base64-decoded from X-Amz-Client-Context).
    public var clientContext: String?
    public var cognitoIdentity: String?
    public var traceId: String?
    /// The request id the runtime sees (`Lambda-Runtime-Aws-Request-Id`); generated when nil.
    public var requestId: String?

    public init(
        payload: [UInt8], invokedFunctionArn: String, clientContext: String? = nil,
        cognitoIdentity: String? = nil, traceId: String? = nil, requestId: String? = nil
    ) {
        self.payload = payload
        self.invokedFunctionArn = invokedFunctionArn
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.traceId = traceId
        self.requestId = requestId
    }
}
