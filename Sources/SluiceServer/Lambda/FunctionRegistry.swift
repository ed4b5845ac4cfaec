import Foundation
import Logging
import SluiceAPI
import SluiceJSON
import SluiceLambda
import SluiceStore

/// The Lambda functions and their URL configurations: durable in the store, kept in memory for
/// invocations (an Invoke never reads SQLite).
actor FunctionRegistry {
    let store: Store
    let location: ServiceLocation
    /// Where ZipFile code is unpacked: `DATA/functions/NAME/SHA/`.
    let codeRoot: String
    let logger: Logger
    private var functions: [String: FunctionRecord]
    private var urls: [String: FunctionURLRecord]
    /// What the host runs, built once per revision.
    private var runnables: [String: LambdaFunction]

    init(store: Store, location: ServiceLocation, dataDirectory: String, logger: Logger) throws {
        self.store = store
        self.location = location
        self.logger = logger
        codeRoot = URL(fileURLWithPath: dataDirectory).appendingPathComponent("functions").standardizedFileURL.path
        functions = Dictionary(try store.functions().map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        urls = Dictionary(try store.functionURLs().map { ($0.functionName, $0) }, uniquingKeysWith: { $1 })
        runnables = functions.mapValues(LambdaService.runnable)
    }

    // MARK: Reading

    /// The function a FunctionName names (`$LATEST` only), or ResourceNotFoundException.
    func function(_ reference: FunctionReference) throws(LambdaError) -> FunctionRecord {
        let arn = location.functionArn(name: reference.name)
        guard let record = functions[reference.name] else {
            throw LambdaError.functionNotFound(reference.qualifier.map { "\(arn):\($0)" } ?? arn)
        }
        guard reference.isLatest else {
            throw LambdaError.functionNotFound("\(arn):\(reference.qualifier ?? "")")
        }
        return record
    }

    /// The function to run for a FunctionName, with its configuration.
    func runnable(_ reference: FunctionReference) throws(LambdaError) -> (record: FunctionRecord, function: LambdaFunction) {
        let record = try function(reference)
        if let function = runnables[record.name] { return (record, function) }
        let function = LambdaService.runnable(record)
        runnables[record.name] = function
        return (record, function)
    }

    func record(named name: String) -> FunctionRecord? { functions[name] }

    /// Functions by name after `marker`, at most `limit`.
    func list(after marker: String?, limit: Int) -> [FunctionRecord] {
        let names = functions.keys.sorted().filter { marker == nil || $0 > marker ?? "" }
        return names.prefix(limit).compactMap { functions[$0] }
    }

    func url(functionName: String) -> FunctionURLRecord? { urls[functionName] }

    // MARK: Writing

    func insert(_ record: FunctionRecord) async throws(LambdaError) {
        guard functions[record.name] == nil else {
            throw LambdaError.conflict("Function already exist: \(record.name)")
        }
        let inserted: Bool
        do {
            inserted = try await store.insertFunction(record)
        } catch {
            throw storeFailure(error)
        }
        guard inserted else { throw LambdaError.conflict("Function already exist: \(record.name)") }
        functions[record.name] = record
        runnables[record.name] = LambdaService.runnable(record)
    }

    func replace(_ record: FunctionRecord) async throws(LambdaError) {
        do {
            try await store.updateFunction(record)
        } catch {
            throw storeFailure(error)
        }
        let old = functions[record.name]
        functions[record.name] = record
        runnables[record.name] = LambdaService.runnable(record)
        if let old, !old.codeIsLocal, old.codeDirectory != record.codeDirectory {
            try? FileManager.default.removeItem(atPath: old.codeDirectory)
        }
    }

    func delete(name: String) async throws(LambdaError) {
        do {
            try await store.deleteFunction(name: name)
        } catch {
            throw storeFailure(error)
        }
        functions[name] = nil
        runnables[name] = nil
        urls[name] = nil
        FunctionCode.removeUnpacked(functionName: name, root: codeRoot)
    }

    func putURL(_ record: FunctionURLRecord) async throws(LambdaError) {
        do {
            try await store.putFunctionURL(record)
        } catch {
            throw storeFailure(error)
        }
        urls[record.functionName] = record
    }

    func deleteURL(functionName: String) async throws(LambdaError) {
        do {
            try await store.deleteFunctionURL(functionName: functionName)
        } catch {
            throw storeFailure(error)
        }
        urls[functionName] = nil
    }

    private func storeFailure(_ error: any Error) -> LambdaError {
        logger.error("store error: \(error)")
        return LambdaError.service("An internal error occurred.")
    }
}
