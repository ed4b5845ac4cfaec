/// The eight state types, in the order AWS lists them.
enum StateType: String, CaseIterable {
    case task = "Task"
    case wait = "Wait"
    case pass = "Pass"
    case succeed = "Succeed"
    case fail = "Fail"
    case choice = "Choice"
    case parallel = "Parallel"
    case map = "Map"

    /// `[Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]`
    static let listText = "[" + allCases.map(\.rawValue).joined(separator: ", ") + "]"

    /// The position of the type in `allCases`.
    var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    /// States that continue with `Next` or stop with `End`.
    var hasTransition: Bool {
        switch self {
        case .pass, .task, .wait, .parallel, .map: true
        case .choice, .succeed, .fail: false
        }
    }
}

/// Which fields each state type accepts, in each query language.
enum StateFieldRules {
    /// Whether `field` is a field of `type` in `language`.
    static func allows(_ field: String, in type: StateType, language: QueryLanguage) -> Bool {
        table[type.index * 2 + (language == .jsonPath ? 0 : 1)].contains(field)
    }

    /// Every accepted field per (type, language), computed once.
    private static let table: [Set<String>] = StateType.allCases.flatMap { type in
        [QueryLanguage.jsonPath, .jsonata].map { language in
            var fields = common.union(specific(type, language))
            if type.hasTransition { fields.formUnion(["Next", "End"]) }
            switch language {
            case .jsonPath: fields.formUnion(jsonPathIO(type))
            case .jsonata: if type != .fail { fields.insert("Output") }
            }
            return fields
        }
    }

    private static let common: Set<String> = ["Type", "Comment", "QueryLanguage"]

    private static func jsonPathIO(_ type: StateType) -> Set<String> {
        type == .fail ? [] : ["InputPath", "OutputPath"]
    }

    private static func specific(_ type: StateType, _ language: QueryLanguage) -> Set<String> {
        switch (type, language) {
        case (.pass, .jsonPath): ["Assign", "Parameters", "ResultPath", "Result"]
        case (.pass, .jsonata): ["Assign"]
        case (.task, .jsonPath): taskCommon.union(["Parameters", "ResultPath", "ResultSelector", "TimeoutSecondsPath", "HeartbeatSecondsPath"])
        case (.task, .jsonata): taskCommon.union(["Arguments"])
        case (.choice, _): ["Assign", "Choices", "Default"]
        case (.wait, .jsonPath): ["Assign", "Seconds", "Timestamp", "SecondsPath", "TimestampPath"]
        case (.wait, .jsonata): ["Assign", "Seconds", "Timestamp"]
        case (.succeed, _): []
        case (.fail, .jsonPath): ["Error", "Cause", "ErrorPath", "CausePath"]
        case (.fail, .jsonata): ["Error", "Cause"]
        case (.parallel, .jsonPath): ["Assign", "Branches", "Retry", "Catch", "Parameters", "ResultPath", "ResultSelector"]
        case (.parallel, .jsonata): ["Assign", "Branches", "Retry", "Catch", "Arguments"]
        case (.map, .jsonPath):
            mapCommon.union([
                "ItemsPath", "Parameters", "ResultPath", "ResultSelector", "MaxConcurrencyPath",
                "ToleratedFailureCountPath", "ToleratedFailurePercentagePath",
            ])
        case (.map, .jsonata): mapCommon.union(["Items"])
        }
    }

    private static let taskCommon: Set<String> = [
        "Assign", "Resource", "Credentials", "TimeoutSeconds", "HeartbeatSeconds", "Retry", "Catch",
    ]

    private static let mapCommon: Set<String> = [
        "Assign", "ItemProcessor", "Iterator", "ItemReader", "ItemSelector", "ItemBatcher", "ResultWriter",
        "MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage", "Label", "Retry", "Catch",
    ]
}
