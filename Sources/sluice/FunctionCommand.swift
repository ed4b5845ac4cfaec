import ArgumentParser
import Foundation
import SluiceJSON

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `sluice function …`: Lambda functions on a running `sluice serve`, with code from a local folder.
struct FunctionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "function",
        abstract: "Create, update, invoke or delete Lambda functions on a running sluice server.",
        subcommands: [Create.self, Invoke.self, Delete.self])

    /// Where the server is.
    struct Endpoint: ParsableArguments {
        @Option(name: .long, help: "The server's URL (default http://127.0.0.1:8083, or $SLUICE_ENDPOINT).")
        var endpoint: String?

        var base: String {
            let value = endpoint ?? ProcessInfo.processInfo.environment["SLUICE_ENDPOINT"] ?? "http://127.0.0.1:8083"
            return value.hasSuffix("/") ? String(value.dropLast()) : value
        }
    }

    /// `sluice function create NAME --dir ./fn --handler app.handler --runtime python3.12`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a function that runs the code of a local folder in place (or update it with --update).",
            discussion: """
                The folder is not copied: edits to it take effect at the next cold start (use --update to
                restart warm processes). Runtimes: provided, provided.al2, provided.al2023 (an executable
                `bootstrap` in the folder) and python3.x (through awslambdaric).
                """)

        @Argument(help: "The function's name.") var name: String
        @Option(name: .long, help: "The folder with the function's code.") var dir: String
        @Option(name: .long, help: "The handler, e.g. app.handler (python) or anything for provided.") var handler: String
        @Option(name: .long, help: "python3.12, provided.al2023, …") var runtime: String
        @Option(name: .long, help: "Timeout in seconds (default 3).") var timeout: Int?
        @Option(name: .long, help: "Memory size in MB (default 128).") var memory: Int?
        @Option(name: .long, parsing: .singleValue, help: "An environment variable K=V (repeatable).") var env: [String] = []
        @Option(name: .long, help: "The execution role ARN (any value is accepted).") var role: String?
        @Flag(name: .long, help: "Update the function's code and configuration when it exists.") var update = false
        @OptionGroup var endpoint: Endpoint

        mutating func run() async throws {
            let directory = URL(fileURLWithPath: dir).standardizedFileURL.path
            var variables = JSONObject()
            for pair in env {
                guard let eq = pair.firstIndex(of: "=") else { throw ValidationError("--env takes K=V, got \(pair)") }
                variables[String(pair[..<eq])] = .string(String(pair[pair.index(after: eq)...]))
            }
            var configuration = JSONObject()
            configuration["Runtime"] = .string(runtime)
            configuration["Handler"] = .string(handler)
            if let timeout { configuration["Timeout"] = .int(timeout) }
            if let memory { configuration["MemorySize"] = .int(memory) }
            if !env.isEmpty { configuration["Environment"] = ["Variables": .object(variables)] }
            if let role { configuration["Role"] = .string(role) }
            var body = configuration
            body["FunctionName"] = .string(name)
            body["Code"] = ["LocalDirectory": .string(directory)]
            let base = endpoint.base
            let (status, answer) = try await FunctionCommand.call("POST", "\(base)/2015-03-31/functions", body: .object(body))
            if status == 409 && update {
                let path = "\(base)/2015-03-31/functions/\(name)"
                let code: JSONValue = ["LocalDirectory": .string(directory)]
                _ = try FunctionCommand.check(try await FunctionCommand.call("PUT", "\(path)/code", body: code))
                print(try FunctionCommand.check(try await FunctionCommand.call("PUT", "\(path)/configuration", body: .object(configuration))))
                return
            }
            print(try FunctionCommand.check((status, answer)))
        }
    }

    /// `sluice function invoke NAME [--payload JSON]`
    struct Invoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Invoke a function and print its result.")
        @Argument(help: "The function's name.") var name: String
        @Option(name: .long, help: "The event, as JSON text (default {}).") var payload: String = "{}"
        @OptionGroup var endpoint: Endpoint

        mutating func run() async throws {
            let (status, answer) = try await FunctionCommand.call(
                "POST", "\(endpoint.base)/2015-03-31/functions/\(name)/invocations", raw: Array(payload.utf8))
            print(try FunctionCommand.check((status, answer)))
        }
    }

    /// `sluice function delete NAME`
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a function.")
        @Argument(help: "The function's name.") var name: String
        @OptionGroup var endpoint: Endpoint

        mutating func run() async throws {
            _ = try FunctionCommand.check(
                try await FunctionCommand.call("DELETE", "\(endpoint.base)/2015-03-31/functions/\(name)"))
        }
    }

    static func call(_ method: String, _ url: String, body: JSONValue? = nil, raw: [UInt8]? = nil) async throws -> (Int, String) {
        guard let address = URL(string: url) else { throw ValidationError("bad endpoint URL: \(url)") }
        var request = URLRequest(url: address)
        request.httpMethod = method
        if let body { request.httpBody = Data(body.serializedBytes) }
        if let raw { request.httpBody = Data(raw) }
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// The answer's text; an error answer is printed to stderr and the command fails.
    static func check(_ answer: (Int, String)) throws -> String {
        guard (200..<300).contains(answer.0) else {
            FileHandle.standardError.write(Data("sluice: HTTP \(answer.0): \(answer.1)\n".utf8))
            throw ExitCode.failure
        }
        return answer.1
    }
}
