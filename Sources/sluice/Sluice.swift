import ArgumentParser

/// The `sluice` command line.
@main
struct Sluice: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sluice",
        abstract: "A self-hosted, AWS-compatible Step Functions engine.",
        subcommands: [RunCommand.self, ValidateCommand.self, ServeCommand.self, FunctionCommand.self])
}
