
/// One benchmark `sluice-bench` can run, by name.
struct Benchmark: Sendable {
    let name: String
    let summary: String
    let run: @Sendable ([String]) -> Int32
}

/// Chooses the benchmark named by the first argument and runs it with the rest.
enum BenchmarkDispatcher {
    /// Every benchmark, in the order `sluice-bench` lists them.
    ///
    /// To add a workflow benchmark (`pass-chain`, `map`, `choice-loop`, …), write a file with an
    /// `enum XBenchmark { static func run(_ arguments: [String]) -> Int32 }` and add one line here.
    static let all: [Benchmark] = [
        Benchmark(
            name: "json",
            summary: "parse and serialize a ~200 KB ASL-shaped document; prints MB/s (best of N runs)",
            run: JSONBenchmark.run),
        Benchmark(
            name: "pass-chain", summary: "100 Pass states with Parameters and ResultPath; transitions/s",
            run: WorkflowBenchmark.passChain),
        Benchmark(name: "map", summary: "inline Map over 10,000 items; transitions/s", run: WorkflowBenchmark.map),
        Benchmark(
            name: "choice-loop", summary: "1,000-iteration Pass + Choice loop; transitions/s",
            run: WorkflowBenchmark.choiceLoop),
        Benchmark(
            name: "jsonata-loop", summary: "1,000-iteration JSONata Pass (Assign) + Choice (Condition) loop; transitions/s",
            run: JSONataBenchmark.loop),
        Benchmark(
            name: "jsonata-expressions",
            summary: "evaluations/s of five representative JSONata expressions (vs bench/jsonata_python_bench.py)",
            run: JSONataExpressionBenchmark.run),
        Benchmark(name: "all", summary: "every benchmark above with its defaults", run: runAll),
    ]

    static func runAll(_ arguments: [String]) -> Int32 {
        var status: Int32 = 0
        for b in all where b.name != "all" { status = max(status, b.run(arguments)) }
        return status
    }

    static func run(_ arguments: [String]) -> Int32 {
        guard let name = arguments.first, name != "help", name != "--help", name != "-h" else {
            printUsage()
            return 0
        }
        guard let benchmark = all.first(where: { $0.name == name }) else {
            print("sluice-bench: unknown benchmark '\(name)'")
            printUsage()
            return 2
        }
        return benchmark.run(Array(arguments.dropFirst()))
    }

    static func printUsage() {
        print("usage: sluice-bench <benchmark> [options]")
        print("benchmarks:")
        for b in all { print("  \(b.name.padding(12))\(b.summary)") }
    }
}

extension String {
    /// The string padded with spaces on the right to at least `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
