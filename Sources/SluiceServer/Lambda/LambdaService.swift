import Foundation
import Logging
import SluiceAPI
import SluiceJSON
import SluiceLambda
import SluiceStore

/// What the Lambda API needs: the functions, the host that runs them, and where the server lives.
struct LambdaService: Sendable {
    let registry: FunctionRegistry
    let host: LambdaHost
    let location: ServiceLocation
    /// `http://HOST:PORT`, the base of function URLs (`BASE/lambda-url/NAME/`).
    let baseURL: String
    /// 0: virtual time (asynchronous retries at once); N: retry delays scaled by N.
    let timeScale: Double
    let logger: Logger

    /// Warm processes per function when no reserved concurrency is set.
    static let defaultConcurrency = 10

    /// The code a `Code` object (CreateFunction) or UpdateFunctionCode's members describe.
    func code(_ object: JSONObject, functionName: String) async throws(LambdaError) -> FunctionCode {
        if let directory = object["LocalDirectory"]?.stringValue {
            return try FunctionCode.local(directory: directory)
        }
        if let zip = object["ZipFile"]?.stringValue {
            guard let bytes = Data(base64Encoded: zip) else {
                throw LambdaError.invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.")
            }
            let root = registry.codeRoot
            return try FunctionCode.unpack(zip: Array(bytes), functionName: functionName, root: root)
        }
        if object["S3Bucket"] != nil || object["ImageUri"] != nil {
            throw LambdaError.invalidParameter(
                "Sluice takes code as Code.ZipFile or Code.LocalDirectory (S3 and container images are not supported)")
        }
        throw LambdaError.invalidParameter("Please provide a source for function code.")
    }

    /// Stores a changed function (new RevisionId and LastModified), retires its old processes and
    /// returns the stored record.
    func commit(_ record: FunctionRecord) async throws(LambdaError) -> FunctionRecord {
        var record = record
        record.revisionId = UUID().uuidString.lowercased()
        record.lastModifiedMs = Int64(Date().timeIntervalSince1970 * 1000)
        try await registry.replace(record)
        await host.retire(functionName: record.name)
        return record
    }

    /// What the host runs for a stored function.
    static func runnable(_ r: FunctionRecord) -> LambdaFunction {
        var environment: [String: String] = [:]
        for (key, value) in FunctionConfiguration.environment(r) { environment[key] = value }
        return LambdaFunction(
            name: r.name, arn: r.arn, runtime: r.runtime, handler: r.handler, codeDirectory: r.codeDirectory,
            environment: environment, timeoutSeconds: r.timeoutSeconds, memorySizeMB: r.memorySizeMB,
            concurrencyLimit: r.reservedConcurrency ?? defaultConcurrency, revision: r.revisionId)
    }

    /// The address of a function's URL.
    func functionURL(name: String) -> String { "\(baseURL)/lambda-url/\(name)/" }
}

/// A buffered answer of the Lambda API: status, extra headers and body.
struct LambdaReply: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8]
    var contentType: String? = "application/json"

    init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8], contentType: String? = "application/json") {
        self.status = status
        self.headers = headers
        self.body = body
        self.contentType = contentType
    }

    init(status: Int, json: JSONValue) {
        self.init(status: status, body: json.serializedBytes)
    }
}
