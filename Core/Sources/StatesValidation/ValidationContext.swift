import SluiceJSON

/// The query language a state's fields are read in.
enum QueryLanguage: Sendable, Hashable {
    case jsonPath
    case jsonata

    var name: String {
        switch self {
        case .jsonPath: "JSONPath"
        case .jsonata: "JSONata"
        }
    }

    var other: QueryLanguage { self == .jsonPath ? .jsonata : .jsonPath }
}

/// Accumulates diagnostics while one definition is walked.
struct ValidationContext {
    /// STANDARD or EXPRESS; the workflow of a Distributed Map with `ExecutionType: EXPRESS` runs as EXPRESS.
    var machineType: StateMachineType
    /// The language of the whole state machine (top-level `QueryLanguage`).
    var machineLanguage: QueryLanguage = .jsonPath
    var diagnostics: [Diagnostic] = []
    /// Transition-graph findings (missing targets, unreachable states, no terminal state). AWS
    /// reports them only for a definition that passed schema validation.
    var graphDiagnostics: [Diagnostic] = []

    /// Every finding, in AWS's order.
    var allDiagnostics: [Diagnostic] { diagnostics.isEmpty ? graphDiagnostics : diagnostics }

    /// How deeply Parallel branches and Map processors may nest before validation stops.
    static let maxNesting = 64
    /// How deep payload templates and Choice rules are walked before validation stops.
    static let maxValueDepth = 256

    /// Checks JSONata expression syntax when the caller has a JSONata engine.
    var jsonataChecker: JSONataExpressionChecker?

    /// Every state name seen so far: names are unique across the whole state machine.
    var stateNames: Set<String> = []

    init(machineType: StateMachineType) {
        self.machineType = machineType
    }

    mutating func schemaError(_ message: String, at location: Location) {
        diagnostics.append(
            Diagnostic(code: DiagnosticCode.schemaValidationFailed, message: message, location: location.text))
    }

    mutating func error(_ code: String, _ message: String, at location: Location?) {
        diagnostics.append(Diagnostic(code: code, message: message, location: location?.text))
    }

    mutating func graphError(_ code: String, _ message: String, at location: Location?) {
        graphDiagnostics.append(Diagnostic(code: code, message: message, location: location?.text))
    }
}

/// A position in the definition document, rendered like AWS's diagnostic locations:
/// `/`, `/States/A`, `/States/P/Branches[0]/States/B`, `/States/C/Choices[1]/Next`.
struct Location: Sendable, Hashable {
    private let path: String

    static let root = Location(path: "")

    private init(path: String) { self.path = path }

    /// The text AWS shows (`/` for the document itself).
    var text: String { path.isEmpty ? "/" : path }

    func child(_ key: String) -> Location { Location(path: path + "/" + key) }
    func index(_ i: Int) -> Location { Location(path: path + "[\(i)]") }
}
