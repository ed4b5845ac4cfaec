import SluiceJSON

/// `sluice-bench json [--size BYTES] [--runs N]`: JSON parse and serialize throughput on an
/// ASL-shaped document, best of N runs, in MB/s (10^6 bytes per second).
enum JSONBenchmark {
    static func run(_ arguments: [String]) -> Int32 {
        var targetBytes = 200_000
        var runs = 30
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--size" where i + 1 < arguments.count: targetBytes = Int(arguments[i + 1]) ?? targetBytes; i += 2
            case "--runs" where i + 1 < arguments.count: runs = Int(arguments[i + 1]) ?? runs; i += 2
            default:
                print("usage: sluice-bench json [--size BYTES] [--runs N]")
                return 2
            }
        }
        let document = BenchDocument.make(targetBytes: targetBytes)
        let bytes = document.serializedBytes
        let text = document.serialized
        guard let reparsed = try? JSONValue(parsing: bytes), reparsed == document, reparsed.serialized == text else {
            print("json: the document does not round-trip")
            return 1
        }
        let megabytes = Double(bytes.count) / 1_000_000
        print("json: document \(bytes.count) bytes, best of \(runs) runs")

        let clock = ContinuousClock()
        var sink = 0
        func best(_ body: () -> Int) -> Double {
            var bestSeconds = Double.infinity
            for _ in 0..<runs {
                let start = clock.now
                sink &+= body()
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                bestSeconds = min(bestSeconds, seconds)
            }
            return bestSeconds
        }
        let parseBytes = best { (try? JSONValue(parsing: bytes))?.arrayValue?.count ?? 1 }
        let parseString = best { (try? JSONValue(parsing: text))?.arrayValue?.count ?? 1 }
        let serializeBytes = best { document.serializedBytes.count }
        let serializeString = best { document.serialized.utf8.count }
        let pretty = best { document.prettyPrinted.utf8.count }
        report("parse [UInt8]", megabytes, parseBytes)
        report("parse String", megabytes, parseString)
        report("serialize [UInt8]", megabytes, serializeBytes)
        report("serialize String", megabytes, serializeString)
        report("pretty String", megabytes, pretty)
        if sink == 42 { print("") }
        return 0
    }

    static func report(_ label: String, _ megabytes: Double, _ seconds: Double) {
        let rate = megabytes / seconds
        let micros = seconds * 1e6
        print("  \(label.padding(20)) \(format(rate)) MB/s   (\(format(micros)) µs)")
    }

    static func format(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return String(r)
    }
}
