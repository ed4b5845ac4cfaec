// Benchmarks, run by hand:
//   swift run -c release --package-path Core sluice-bench            (lists the benchmarks)
//   swift run -c release --package-path Core sluice-bench json       (JSON parse / serialize MB/s)
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let exitCode = BenchmarkDispatcher.run(Array(CommandLine.arguments.dropFirst()))
if exitCode != 0 { exit(exitCode) }
