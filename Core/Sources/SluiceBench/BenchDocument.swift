import SluiceJSON

/// A deterministic generator of ASL-shaped JSON documents for benchmarks: a state machine
/// definition followed by an array of records (strings, integers, doubles, booleans, nulls,
/// nested objects and arrays, a few escapes and non-ASCII characters).
struct BenchDocument {
    /// A small deterministic generator (SplitMix64), so every run builds the same document.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let words = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
    ]

    /// A document whose compact serialization is at least `targetBytes` long.
    static func make(targetBytes: Int, seed: UInt64 = 42) -> JSONValue {
        var g = Generator(state: seed)
        var states = JSONObject()
        for i in 0..<12 {
            let next = i == 11 ? nil : "Step\(i + 1)"
            var state: JSONObject = [
                "Type": .string(i % 3 == 0 ? "Task" : i % 3 == 1 ? "Pass" : "Choice"),
                "Resource": "arn:aws:states:::lambda:invoke",
                "Parameters": [
                    "FunctionName": .string("arn:aws:lambda:us-east-1:123456789012:function:fn-\(i)"),
                    "Payload.$": "$",
                ],
                "ResultPath": .string("$.results.step\(i)"),
                "Retry": [["ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 3, "BackoffRate": 1.5]],
            ]
            if let next { state["Next"] = .string(next) } else { state["End"] = true }
            states["Step\(i)"] = .object(state)
        }
        var records: [JSONValue] = []
        var size = 0
        var id = 0
        while size < targetBytes {
            let record = makeRecord(id: id, &g)
            size += record.serialized.utf8.count + 1
            records.append(record)
            id += 1
        }
        return [
            "Comment": "Benchmark document: an ASL definition and a batch of records",
            "StartAt": "Step0",
            "States": .object(states),
            "items": .array(records),
        ]
    }

    static func makeRecord(id: Int, _ g: inout Generator) -> JSONValue {
        let first = words[g.below(words.count)]
        let last = words[g.below(words.count)]
        var note = "\(first) \(last) ordered \(g.below(100)) items"
        switch g.below(10) {
        case 0: note += " \"quoted\" and a\\backslash"
        case 1: note += "\nsecond line\twith tab"
        case 2: note += " caf\u{e9} \u{1F600}"
        default: break
        }
        let tags: [JSONValue] = (0..<(1 + g.below(4))).map { _ in .string(words[g.below(words.count)]) }
        return [
            "id": .int(id),
            "name": .string("\(first.capitalized) \(last.capitalized)"),
            "email": .string("\(first).\(last)\(id)@example.com"),
            "active": .bool(g.below(2) == 0),
            "score": .double(Double(g.below(1_000_000)) / 100),
            "balance": .int(g.below(10_000_000) - 5_000_000),
            "tags": .array(tags),
            "address": [
                "street": .string("\(g.below(999) + 1) \(last.capitalized) Street"),
                "city": .string(words[g.below(words.count)].capitalized),
                "zip": .string(String(10000 + g.below(89999))),
            ],
            "manager": g.below(4) == 0 ? .null : .int(g.below(1000)),
            "note": .string(note),
        ]
    }
}

extension String {
    var capitalized: String { prefix(1).uppercased() + dropFirst() }
}
