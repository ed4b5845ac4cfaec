import SluiceJSON

/// The issue-2 workloads, built exactly as `bench/workloads.py` builds them for moto.
enum Workloads {
    /// `n` Pass states, each with Parameters and a ResultPath merge. Input `{"value": 1}`.
    static func passChain(_ n: Int) -> (definition: JSONValue, input: JSONValue) {
        var states = JSONObject()
        for k in 0..<n {
            var s: JSONObject = [
                "Type": "Pass", "Parameters": ["value.$": "$.value", "step": .int(k)], "ResultPath": "$.last",
            ]
            if k == n - 1 { s["End"] = true } else { s["Next"] = .string("S\(k + 1)") }
            states["S\(k)"] = .object(s)
        }
        return (["StartAt": "S0", "States": .object(states)], ["value": 1])
    }

    /// An inline Map over `n` items with one Pass state per iteration.
    static func inlineMap(_ n: Int) -> (definition: JSONValue, input: JSONValue) {
        let definition: JSONValue = [
            "StartAt": "Map",
            "States": [
                "Map": [
                    "Type": "Map", "ItemsPath": "$.items", "End": true,
                    "ItemProcessor": [
                        "ProcessorConfig": ["Mode": "INLINE"], "StartAt": "Item",
                        "States": ["Item": ["Type": "Pass", "End": true]],
                    ],
                ]
            ],
        ]
        return (definition, ["items": .array((0..<n).map { .int($0) })])
    }

    /// Pass (States.MathAdd) → Choice (i < n) loop: 2n state transitions.
    static func choiceLoop(_ n: Int) -> (definition: JSONValue, input: JSONValue) {
        let definition: JSONValue = [
            "StartAt": "Inc",
            "States": [
                "Inc": ["Type": "Pass", "Parameters": ["i.$": "States.MathAdd($.i, 1)"], "Next": "Loop"],
                "Loop": [
                    "Type": "Choice",
                    "Choices": [["Variable": "$.i", "NumericLessThan": .int(n), "Next": "Inc"]],
                    "Default": "Done",
                ],
                "Done": ["Type": "Succeed"],
            ],
        ]
        return (definition, ["i": 0])
    }
}
