import SluiceJSON
import SluiceJSONata

/// Evaluations per second of representative Step Functions JSONata expressions, each compiled once
/// and evaluated many times with `$states` bound. `bench/jsonata_python_bench.py` runs the same
/// expressions on the same data through the pure-Python `jsonata-python` package for the ratio.
enum JSONataExpressionBenchmark {
    /// Keep in sync with EXPRESSIONS in bench/jsonata_python_bench.py.
    static let expressions: [(name: String, text: String)] = [
        ("field access", "$states.input.order.customer.name"),
        (
            "$map/$filter over 100 items",
            "$map($filter($states.input.order.items, function($i) { $i.qty > 2 }), function($i) { $i.price * $i.qty })"
        ),
        (
            "string building",
            "'Order ' & $states.input.order.id & ' for ' & $uppercase($states.input.order.customer.name) & ' ('"
                + " & $string($count($states.input.order.items)) & ' items)'"
        ),
        ("arithmetic", "($states.input.order.total * 1.2 + 5) / 3 - $states.input.order.discount % 7"),
        ("$states.input path with predicate", "$states.input.order.items[qty > 5].sku"),
    ]

    /// Keep in sync with make_states() in bench/jsonata_python_bench.py.
    static func states() -> JSONValue {
        let items: [JSONValue] = (0..<100).map { i in
            ["sku": .string("SKU-\(i)"), "qty": .int(i % 10), "price": .double(Double(i % 7) + 0.5)]
        }
        let order: JSONValue = [
            "id": "o-1", "customer": ["name": "Ada", "tier": "gold"], "items": .array(items), "total": 1234.5,
            "discount": 10,
        ]
        return ["input": ["order": order], "context": ["Execution": ["Name": "bench"]]]
    }

    static func run(_ arguments: [String]) -> Int32 {
        let seconds = Double(WorkflowBenchmark.option("--ms", in: arguments) ?? 1000) / 1000
        // `--count N` evaluates each expression exactly N times (stable instruction counts under
        // callgrind); `--only I` runs only the I-th expression (0-based).
        let fixedCount = WorkflowBenchmark.option("--count", in: arguments)
        let only = WorkflowBenchmark.option("--only", in: arguments)
        let bindings = ["states": JSONataValue(states())]
        for (position, (name, text)) in expressions.enumerated() where only == nil || only == position {
            let expression: JSONataExpression
            do {
                expression = try JSONataExpression(text)
            } catch {
                print("\(name): does not compile: \(error)")
                return 1
            }
            var count = 0
            var last: JSONataResult = .undefined
            let clock = ContinuousClock()
            let start = clock.now
            let deadline = start.advanced(by: .milliseconds(Int(seconds * 1000)))
            var failed = false
            while fixedCount.map({ count < $0 }) ?? (clock.now < deadline) {
                for _ in 0..<min(100, fixedCount.map { $0 - count } ?? 100) {
                    do {
                        last = try expression.evaluateResult(input: nil, bindings: bindings)
                    } catch {
                        failed = true
                    }
                    count += 1
                }
            }
            let elapsed = start.duration(to: clock.now)
            let s = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let sample: String
            if case .value(let v) = last { sample = String(v.serialized.prefix(60)) } else { sample = "\(last)" }
            print("jsonata \(name): \(WorkflowBenchmark.formatted(Double(count) / s)) evaluations/s\(failed ? " (errors!)" : "")  → \(sample)")
        }
        return 0
    }
}
