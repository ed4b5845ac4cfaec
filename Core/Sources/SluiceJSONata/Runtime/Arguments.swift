/// The arguments of a built-in call. Up to three are held inline, so the common call allocates no
/// array; more are held in one array. Reading past the end gives undefined, as JavaScript does
/// for a missing argument.
struct Arguments {
    let count: Int
    private let first: JV?
    private let second: JV?
    private let third: JV?
    /// Every argument, when there are more than three (otherwise empty).
    private let all: [JV?]

    init() {
        count = 0
        first = nil
        second = nil
        third = nil
        all = []
    }

    init(_ a0: JV?) {
        count = 1
        first = a0
        second = nil
        third = nil
        all = []
    }

    init(_ a0: JV?, _ a1: JV?) {
        count = 2
        first = a0
        second = a1
        third = nil
        all = []
    }

    init(_ a0: JV?, _ a1: JV?, _ a2: JV?) {
        count = 3
        first = a0
        second = a1
        third = a2
        all = []
    }

    init(_ array: [JV?]) {
        count = array.count
        switch array.count {
        case 0:
            (first, second, third, all) = (nil, nil, nil, [])
        case 1:
            (first, second, third, all) = (array[0], nil, nil, [])
        case 2:
            (first, second, third, all) = (array[0], array[1], nil, [])
        case 3:
            (first, second, third, all) = (array[0], array[1], array[2], [])
        default:
            (first, second, third, all) = (nil, nil, nil, array)
        }
    }

    /// The `i`-th argument; undefined past the end.
    @inline(__always)
    subscript(i: Int) -> JV? {
        guard i >= 0, i < count else { return nil }
        if count > 3 { return all[i] }
        switch i {
        case 0: return first
        case 1: return second
        default: return third
        }
    }

    /// The arguments as an array (for the general signature matcher and variadic functions).
    var array: [JV?] {
        switch count {
        case 0: []
        case 1: [first]
        case 2: [first, second]
        case 3: [first, second, third]
        default: all
        }
    }
}
