import Logging
import Synchronization
import SluiceAPI
import SluiceJSON
import SluiceStore
import StatesInterpreter
import StatesLanguage

/// What every operation needs: the store, the engines, where the server lives and the token keys.
struct ServiceContext: Sendable {
    let store: Store
    let standard: StandardEngine
    let express: ExpressRunner
    let location: ServiceLocation
    let tokens: PageTokens
    let interpreters: InterpreterStore
    let logger: Logger
    let activityPollMilliseconds: Int64

    /// Runs a store call, turning its failures into `InternalFailure`.
    func storeCall<T: Sendable>(_ body: () async throws -> T) async throws(AWSError) -> T {
        do {
            return try await body()
        } catch {
            logger.error("store error: \(error)")
            throw AWSError.internalFailure()
        }
    }

    /// The state machine a `stateMachineArn` member names.
    func stateMachine(_ arnText: String) async throws(AWSError) -> StateMachineRecord {
        _ = try ResourceArn.stateMachine(arnText)
        guard let record = try await storeCall({ try await store.stateMachine(arn: arnText) }) else {
            throw AWSError.stateMachineDoesNotExist(arnText)
        }
        return record
    }

    /// What a `stateMachineArn` that may carry a version names: the revision to run (with the
    /// unqualified ARN) and the version, if any.
    func machineOrVersion(_ arnText: String) async throws(AWSError) -> (revision: StateMachineRecord, version: VersionRecord?) {
        let (machineArn, number) = try ResourceArn.stateMachineOrVersion(arnText)
        guard let number else { return (try await stateMachine(arnText), nil) }
        guard let version = try await storeCall({ try await store.version(stateMachineArn: machineArn, version: number) }),
            var revision = try await storeCall({ try await store.revision(arn: machineArn, revision: version.revision) })
        else { throw AWSError.stateMachineDoesNotExist(arnText) }
        revision.createdMs = version.createdMs
        return (revision, version)
    }

    /// What StartExecution's `stateMachineArn` names: a state machine, a version, or an alias —
    /// which picks one of its versions by weight.
    func startTarget(_ arnText: String) async throws(AWSError) -> (
        revision: StateMachineRecord, version: VersionRecord?, aliasArn: String?
    ) {
        let qualifier = try ResourceArn.qualifiedStateMachine(arnText).qualifier
        guard case .alias = qualifier else {
            let (revision, version) = try await machineOrVersion(arnText)
            return (revision, version, nil)
        }
        guard let alias = try await storeCall({ try await store.alias(arn: arnText) }) else {
            throw AWSError("ResourceNotFound", "Resource not found: '\(arnText)'")
        }
        let routes = AliasRouting.parse(alias.routing)
        guard let chosen = AliasRouting.pick(routes) else { throw AWSError.stateMachineDoesNotExist(arnText) }
        let (revision, version) = try await machineOrVersion(chosen)
        return (revision, version, alias.arn)
    }

    /// The Standard execution an `executionArn` member names.
    func execution(_ arnText: String) async throws(AWSError) -> ExecutionRecord {
        _ = try ResourceArn.execution(arnText)
        guard let record = try await storeCall({ try await store.execution(arn: arnText) }) else {
            throw AWSError.executionDoesNotExist(arnText)
        }
        return record
    }
}

/// Compiled interpreters shared by the Express path (the Standard engine keeps its own).
final class InterpreterStore: Sendable {
    private let cache = Mutex<InterpreterCache>(InterpreterCache())

    func interpreter(for revision: StateMachineRecord) throws -> Interpreter {
        try cache.withLock { try $0.interpreter(for: revision) }
    }
}
