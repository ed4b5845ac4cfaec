/// How to start one runtime's process: the executable, its arguments and the variables the runtime
/// adds to the standard Lambda environment.
struct LaunchCommand: Sendable, Equatable {
    var executable: String
    var arguments: [String]
    var environment: [String: String]
}

/// Maps a function's `Runtime` to the command that starts its runtime client in the code directory.
///
/// Adding a runtime is one entry in `entries`: a prefix or exact name, and a closure building the
/// command from the function and the resolved host tools. For example, Node would be
/// `Entry(matches: { $0.hasPrefix("nodejs") }) { fn, tools in LaunchCommand(executable: tools.find("node") ?? "node",
/// arguments: [<path of the Node RIC>, fn.handler], environment: ["NODE_PATH": fn.codeDirectory]) }`.
/// The process's working directory is always the code directory and the Runtime API address is always
/// in `AWS_LAMBDA_RUNTIME_API`; the closure only says what to execute.
struct RuntimeLauncher: Sendable {
    /// One supported runtime family.
    struct Entry: Sendable {
        var matches: @Sendable (String) -> Bool
        var command: @Sendable (LambdaFunction, HostTools) -> LaunchCommand
    }

    /// Looks up executables on the host's PATH.
    struct HostTools: Sendable {
        var searchPath: String

        func find(_ name: String) -> String? {
            for directory in searchPath.split(separator: ":") where !directory.isEmpty {
                let candidate = directory.hasSuffix("/") ? "\(directory)\(name)" : "\(directory)/\(name)"
                if access(candidate, X_OK) == 0 { return candidate }
            }
            return nil
        }
    }

    static let entries: [Entry] = [
        // OS-only runtimes: the function ships an executable `bootstrap` at the root of its code.
        Entry(matches: { ["provided", "provided.al2", "provided.al2023"].contains($0) }) { function, _ in
            LaunchCommand(executable: bootstrapPath(of: function), arguments: [], environment: [:])
        },
        // Python: AWS's runtime interface client (PyPI `awslambdaric`) loads `module.function`.
        Entry(matches: { $0.hasPrefix("python3.") }) { function, tools in
            LaunchCommand(
                executable: tools.find("python3") ?? "/usr/bin/python3",
                arguments: ["-m", "awslambdaric", function.handler],
                environment: [
                    "PYTHONPATH": function.codeDirectory,
                    "AWS_EXECUTION_ENV": "AWS_Lambda_\(function.runtime)",
                ])
        },
    ]

    /// Whether `runtime` can be started by this host.
    static func supports(_ runtime: String) -> Bool {
        entries.contains { $0.matches(runtime) }
    }

    static func command(for function: LambdaFunction, tools: HostTools) -> LaunchCommand? {
        entries.first { $0.matches(function.runtime) }.map { $0.command(function, tools) }
    }

    /// Whether the function's process is its own `bootstrap` (so a missing one is Runtime.InvalidEntrypoint).
    static func usesBootstrap(_ runtime: String) -> Bool {
        runtime.hasPrefix("provided")
    }

    static func bootstrapPath(of function: LambdaFunction) -> String {
        function.codeDirectory.hasSuffix("/") ? function.codeDirectory + "bootstrap" : function.codeDirectory + "/bootstrap"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
