import ArgumentParser
import Foundation
import SluiceJSON
import StatesInterpreter
import StatesJSONata
import StatesLanguage
import StatesRunner
import StatesValidation

/// `sluice run`: executes a definition in this process and prints its output or its history.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a state machine definition locally.",
        discussion: """
            Prints the execution's output JSON (exit 0) or {"error": …, "cause": …} (exit 1).
            Task states are served by --task: RESOURCE=JSON answers every task on RESOURCE with that result.
            """)

    @Argument(help: "The definition file (Amazon States Language JSON).")
    var definition: String

    @Option(name: .long, help: "The execution input: JSON text, or @FILE.")
    var input: String?

    @Flag(name: .long, help: "Print the history events as JSON Lines instead of the output.")
    var history = false

    @Option(name: .customLong("time-scale"), help: "Scale every timer by N; 0 runs on virtual time.")
    var timeScale: Double = 1

    @Option(name: .long, help: "The execution name (default: a UUID).")
    var name: String?

    @Option(name: .long, help: "Replace ${KEY} in the definition text with VALUE (repeatable).")
    var substitute: [String] = []

    @Option(name: .long, help: "Serve Task states on RESOURCE with the result JSON (repeatable): RESOURCE=JSON.")
    var task: [String] = []

    @Option(name: .long, help: "Seed of the execution's random numbers (jitter, States.UUID, task tokens).")
    var seed: UInt64?

    mutating func run() async throws {
        guard timeScale >= 0, timeScale.isFinite else { throw ValidationError("--time-scale must be 0 or more") }
        let substitutions = Dictionary(
            try DefinitionSource.pairs(substitute, option: "--substitute"), uniquingKeysWith: { $1 })
        let text = try DefinitionSource.read(path: definition, substitutions: substitutions)
        let diagnostics = DefinitionValidator.validate(text: text, jsonata: JSONataSyntax.checker)
        guard DefinitionValidator.isValid(diagnostics) else {
            throw CLIError(DefinitionValidator.invalidDefinitionMessage(diagnostics))
        }
        let machine = try StateMachine(text: text)
        let inputValue = try DefinitionSource.input(input)
        var results: [String: JSONValue] = [:]
        for (resource, json) in try DefinitionSource.pairs(task, option: "--task") {
            do {
                results[resource] = try JSONValue(parsing: json)
            } catch {
                throw CLIError("--task \(resource): the result is not valid JSON: \(error)")
            }
        }
        let served = results
        let handler = ClosureTaskHandler { request in
            if let result = served[request.resource] { return .succeeded(result) }
            return .failed(
                error: "States.TaskFailed",
                cause: "sluice run has no handler for the resource '\(request.resource)'; serve it with --task RESOURCE=JSON")
        }
        let options = RunOptions(
            executionName: name, seed: seed ?? UInt64.random(in: 0...UInt64.max), timeScale: timeScale,
            inputText: inputText(inputValue))
        let result = await LocalRunner.run(
            definition: machine, input: inputValue, options: options, taskHandler: handler,
            jsonata: StatesJSONataEngine(definition: machine))
        if history {
            for event in result.history { print(event.serialized) }
        } else if result.status == "SUCCEEDED" {
            print((result.output ?? .null).serialized)
        } else {
            var failure = JSONObject()
            failure["error"] = result.error.map(JSONValue.string) ?? .null
            failure["cause"] = result.cause.map(JSONValue.string) ?? .null
            print(JSONValue.object(failure).serialized)
        }
        if result.status != "SUCCEEDED" { throw ExitCode(1) }
    }

    /// The input as written on the command line (ExecutionStarted echoes it).
    private func inputText(_ value: JSONValue) -> String? {
        guard let input, !input.hasPrefix("@") else { return nil }
        return input
    }
}

/// `sluice validate`: checks a definition as ValidateStateMachineDefinition does.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a state machine definition; prints ValidateStateMachineDefinition's result.")

    @Argument(help: "The definition file (Amazon States Language JSON).")
    var definition: String

    @Option(name: .long, help: "STANDARD or EXPRESS.")
    var type: String = "STANDARD"

    @Option(name: .long, help: "Replace ${KEY} in the definition text with VALUE (repeatable).")
    var substitute: [String] = []

    mutating func run() throws {
        guard let machineType = StateMachineType(rawValue: type.uppercased()) else {
            throw ValidationError("--type must be STANDARD or EXPRESS")
        }
        let substitutions = Dictionary(
            try DefinitionSource.pairs(substitute, option: "--substitute"), uniquingKeysWith: { $1 })
        let text = try DefinitionSource.read(path: definition, substitutions: substitutions)
        let diagnostics = DefinitionValidator.validate(text: text, type: machineType, jsonata: JSONataSyntax.checker)
        print(DefinitionValidator.validationResponse(diagnostics).prettyPrinted)
        if !DefinitionValidator.isValid(diagnostics) { throw ExitCode(1) }
    }
}
