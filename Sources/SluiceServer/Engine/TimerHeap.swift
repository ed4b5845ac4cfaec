/// Pending timers of all live executions, earliest delivery first (then earliest due time, then
/// the order they were added). Entries are never removed eagerly: a popped entry whose timer is
/// no longer pending is skipped by the engine.
struct TimerHeap {
    struct Entry {
        var deliverAt: Int64
        var due: Int64
        var order: Int
        var executionArn: String
        var timerId: Int

        func precedes(_ other: Entry) -> Bool {
            (deliverAt, due, order) < (other.deliverAt, other.due, other.order)
        }
    }

    private var items: [Entry] = []
    private var counter = 0

    var count: Int { items.count }
    var first: Entry? { items.first }

    mutating func push(deliverAt: Int64, due: Int64, executionArn: String, timerId: Int) {
        counter += 1
        items.append(Entry(deliverAt: deliverAt, due: due, order: counter, executionArn: executionArn, timerId: timerId))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var best = parent
                if left < items.count, items[left].precedes(items[best]) { best = left }
                if right < items.count, items[right].precedes(items[best]) { best = right }
                if best == parent { break }
                items.swapAt(parent, best)
                parent = best
            }
        }
        return top
    }
}
