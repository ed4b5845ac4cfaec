import SluiceJSON

/// `sluice-bench json [--size BYTES] [--runs N] [--only parse|serialize]`: JSON parse and serialize throughput on an
/// ASL-shaped document, best of N runs, in MB/s (10^6 bytes per second).
enum JSONBenchmark {
    static func run(_ arguments: [String]) -> Int32 {
        var targetBytes = 200_000
        var runs = 30
        var only: String? = nil
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--size" where i + 1 < arguments.count: targetBytes = Int(arguments[i + 1]) ?? targetBytes; i += 2
            case "--runs" where i + 1 < arguments.count: runs = Int(arguments[i + 1]) ?? runs; i += 2
            case "--only" where i + 1 < arguments.count: only = arguments[i + 1]; i += 2
            default:
                print("usage: sluice-bench json [--size BYTES] [--runs N] [--only parse|serialize]")
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
        /// The best time of `runs` calls of `body`; the value it returns is released after the
        /// clock stops (freeing a parsed document is not part of parsing it).
        func best<T>(_ body: () -> T) -> Double {
            var bestSeconds = Double.infinity
            for _ in 0..<runs {
                let start = clock.now
                let result = body()
                let elapsed = clock.now - start
                withExtendedLifetime(result) {}
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                bestSeconds = min(bestSeconds, seconds)
            }
            return bestSeconds
        }
        if only == nil || only == "parse" {
            report("parse [UInt8]", megabytes, best { try? JSONValue(parsing: bytes) })
            report("parse String", megabytes, best { try? JSONValue(parsing: text) })
            // The same, with freeing the parsed document inside the timed region.
            report("parse+free [UInt8]", megabytes, best { (try? JSONValue(parsing: bytes)) == nil })
        }
        if only == nil || only == "serialize" {
            report("serialize [UInt8]", megabytes, best { document.serializedBytes })
            report("serialize String", megabytes, best { document.serialized })
            report("pretty String", megabytes, best { document.prettyPrinted })
        }
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
