import SluiceJSON

/// JSONata-mode workflows on the pure interpreter with the real JSONata engine.
enum JSONataBenchmark {
    static func loop(_ arguments: [String]) -> Int32 {
        let n = WorkflowBenchmark.option("--iterations", in: arguments) ?? 1000
        return WorkflowBenchmark.run(
            name: "jsonata-loop (\(n) iterations)", loopWorkload(n), arguments, jsonata: true)
    }

    /// Pass (Assign `i = 0`), then Pass (Assign `$i + 1`, Output from `$states.input`) → Choice (`$i < n`) loop: 2n + 2 state
    /// transitions, four expressions per iteration.
    static func loopWorkload(_ n: Int) -> (definition: JSONValue, input: JSONValue) {
        let definition: JSONValue = [
            "QueryLanguage": "JSONata",
            "StartAt": "Start",
            "States": [
                "Start": ["Type": "Pass", "Assign": ["i": 0], "Next": "Inc"],
                "Inc": [
                    "Type": "Pass", "Assign": ["i": "{% $i + 1 %}"],
                    "Output": ["i": "{% $i + 1 %}", "tag": "{% $states.input.tag %}"], "Next": "Loop",
                ],
                "Loop": [
                    "Type": "Choice",
                    "Choices": [["Condition": .string("{% $i < \(n) %}"), "Next": "Inc"]],
                    "Default": "Done",
                ],
                "Done": ["Type": "Succeed"],
            ],
        ]
        return (definition, ["tag": "bench"])
    }
}
