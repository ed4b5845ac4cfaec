import SluiceJSON
import StatesLanguage
import StatesValidation

/// Every JSONata expression of a definition: the text between `{%` and `%}` of each `{% … %}`
/// string in the JSONata fields of its states, nested workflows included.
enum DefinitionExpressions {
    static func collect(_ machine: StateMachine) -> [String] {
        var out: [String] = []
        var graphs: [StateGraph] = [machine.graph]
        var visitedGraphs = 0
        while let graph = graphs.popLast(), visitedGraphs < 100_000 {
            visitedGraphs += 1
            for state in graph.states {
                collect(state, into: &out, graphs: &graphs)
            }
        }
        return out
    }

    private static func collect(_ state: State, into out: inout [String], graphs: inout [StateGraph]) {
        add(state.arguments, &out)
        add(state.output, &out)
        add(state.assign, &out)
        for catcher in state.catchers {
            add(catcher.output, &out)
            add(catcher.assign, &out)
        }
        switch state.kind {
        case .pass, .succeed: break
        case .task(let task):
            add(task.timeoutSeconds, &out)
            add(task.heartbeatSeconds, &out)
            add(task.credentials, &out)
        case .wait(let wait):
            switch wait.duration {
            case .seconds(let source): add(source, &out)
            case .timestamp(let source): add(source, &out)
            }
        case .fail(let fail):
            add(fail.error, &out)
            add(fail.cause, &out)
        case .choice(let choice):
            for rule in choice.choices {
                if case .jsonata(let value) = rule.condition { add(value, &out) }
                add(rule.output, &out)
                add(rule.assign, &out)
            }
        case .parallel(let parallel):
            graphs.append(contentsOf: parallel.branches)
        case .map(let map):
            add(map.items, &out)
            add(map.itemSelector, &out)
            add(map.maxConcurrency, &out)
            add(map.toleratedFailureCount, &out)
            add(map.toleratedFailurePercentage, &out)
            add(map.itemReader?.parameters, &out)
            add(map.itemReader?.readerConfig, &out)
            add(map.itemBatcher?.maxItemsPerBatch, &out)
            add(map.itemBatcher?.maxInputBytesPerBatch, &out)
            add(map.itemBatcher?.batchInput, &out)
            add(map.resultWriter?.parameters, &out)
            add(map.resultWriter?.writerConfig, &out)
            graphs.append(map.processor.graph)
        }
    }

    private static func add(_ assignment: VariableAssignment?, _ out: inout [String]) {
        if case .jsonata(let value)? = assignment { add(value, &out) }
    }

    private static func add(_ template: Template?, _ out: inout [String]) {
        if case .jsonata(let value)? = template { add(value, &out) }
    }

    private static func add(_ source: StringSource?, _ out: inout [String]) {
        if case .jsonata(let value)? = source { add(value, &out) }
    }

    private static func add<Literal>(_ source: ValueSource<Literal>?, _ out: inout [String]) {
        if case .jsonata(let value)? = source { add(value, &out) }
    }

    /// The expressions of a field value, at any depth.
    static func add(_ value: JSONValue?, _ out: inout [String]) {
        guard let value else { return }
        var stack: [JSONValue] = [value]
        var visited = 0
        while let next = stack.popLast(), visited < 1_000_000 {
            visited += 1
            switch next {
            case .string(let text):
                if let body = JSONataText.body(text) { out.append(body) }
            case .array(let items): stack.append(contentsOf: items)
            case .object(let object): for member in object { stack.append(member.value) }
            default: break
            }
        }
    }
}
