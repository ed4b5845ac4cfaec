/// One match of a regular expression: the matched range and the captured groups (scalar offsets).
struct RegexMatch {
    var start: Int
    var end: Int
    var groups: [Range<Int>?]
}

/// A backtracking virtual machine for `RegexProgram` over Unicode scalars. The backtrack stack
/// lives on the heap and the number of steps is bounded, so no pattern can exhaust the thread
/// stack or run forever.
final class RegexMatcher {
    let program: RegexProgram
    let input: [UInt32]
    var steps = 0
    let stepLimit: Int

    init(_ program: RegexProgram, input: [UInt32], stepLimit: Int = 10_000_000) {
        self.program = program
        self.input = input
        self.stepLimit = stepLimit
    }

    static func fold(_ c: UInt32) -> UInt32 {
        if c < 128 { return (c >= 65 && c <= 90) ? c + 32 : c }
        guard let u = Unicode.Scalar(c) else { return c }
        let m = u.properties.lowercaseMapping.unicodeScalars
        return m.count == 1 ? (m.first?.value ?? c) : c
    }

    static func upper(_ c: UInt32) -> UInt32 {
        if c < 128 { return (c >= 97 && c <= 122) ? c - 32 : c }
        guard let u = Unicode.Scalar(c) else { return c }
        let m = u.properties.uppercaseMapping.unicodeScalars
        return m.count == 1 ? (m.first?.value ?? c) : c
    }

    /// The first match at or after `from`.
    func firstMatch(from: Int) throws(JSONataError) -> RegexMatch? {
        var start = max(from, 0)
        let slotCount = 2 * (program.groupCount + 1)
        while start <= input.count {
            var slots = [Int](repeating: -1, count: slotCount)
            if let end = try run(0, at: start, slots: &slots, requiredEnd: nil) {
                var groups: [Range<Int>?] = []
                for g in 1...max(program.groupCount, 1) where g <= program.groupCount {
                    let a = slots[2 * g], b = slots[2 * g + 1]
                    groups.append(a >= 0 && b >= a ? a..<b : nil)
                }
                return RegexMatch(start: start, end: end, groups: groups)
            }
            start += 1
        }
        return nil
    }

    private func isWord(_ i: Int) -> Bool {
        guard i >= 0 && i < input.count else { return false }
        let c = input[i]
        return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95
    }

    private enum Undo {
        case slot(Int, Int)
        case register(Int, Int)
    }

    private struct Choice {
        var pc: Int
        var pos: Int
        var undoCount: Int
    }

    /// Runs sub-program `index` anchored at `pos`; returns the end position on success.
    private func run(_ index: Int, at pos0: Int, slots: inout [Int], requiredEnd: Int?) throws(JSONataError) -> Int? {
        guard index < program.programs.count else { return nil }
        let prog = program.programs[index]
        var registers = [Int](repeating: -1, count: program.registerCount)
        var stack: [Choice] = []
        var undo: [Undo] = []
        var pc = 0
        var pos = pos0
        let ic = program.ignoreCase
        while true {
            steps += 1
            if steps > stepLimit {
                throw JSONataError(code: "D1004", message: "Regular expression evaluation exceeded its step limit")
            }
            var fail = false
            if pc < 0 || pc >= prog.count { fail = true } else {
                switch prog[pc] {
                case .char(let x):
                    if pos < input.count, input[pos] == x || (ic && RegexMatcher.fold(input[pos]) == RegexMatcher.fold(x)) {
                        pos += 1
                        pc += 1
                    } else { fail = true }
                case .any:
                    if pos < input.count, input[pos] != 10, input[pos] != 13, input[pos] != 0x2028, input[pos] != 0x2029 {
                        pos += 1
                        pc += 1
                    } else { fail = true }
                case .cls(let c):
                    if pos < input.count, c.contains(input[pos], ignoreCase: ic) {
                        pos += 1
                        pc += 1
                    } else { fail = true }
                case .split(let x, let y):
                    stack.append(Choice(pc: y, pos: pos, undoCount: undo.count))
                    pc = x
                case .jmp(let x):
                    pc = x
                case .save(let n):
                    if n < slots.count {
                        undo.append(.slot(n, slots[n]))
                        slots[n] = pos
                    }
                    pc += 1
                case .lineStart:
                    if pos == 0 || (program.multiline && (input[pos - 1] == 10 || input[pos - 1] == 13)) {
                        pc += 1
                    } else { fail = true }
                case .lineEnd:
                    if pos == input.count || (program.multiline && (input[pos] == 10 || input[pos] == 13)) {
                        pc += 1
                    } else { fail = true }
                case .wordBoundary:
                    if isWord(pos - 1) != isWord(pos) { pc += 1 } else { fail = true }
                case .notWordBoundary:
                    if isWord(pos - 1) == isWord(pos) { pc += 1 } else { fail = true }
                case .look(let sub, let ahead, let negate):
                    var trial = slots
                    var found = false
                    if ahead {
                        found = try run(sub, at: pos, slots: &trial, requiredEnd: nil) != nil
                    } else {
                        var s = pos
                        while s >= 0 && !found {
                            trial = slots
                            found = try run(sub, at: s, slots: &trial, requiredEnd: pos) != nil
                            s -= 1
                        }
                    }
                    if found != negate {
                        if found {
                            for i in slots.indices where slots[i] != trial[i] {
                                undo.append(.slot(i, slots[i]))
                                slots[i] = trial[i]
                            }
                        }
                        pc += 1
                    } else { fail = true }
                case .backref(let n):
                    let a = 2 * n < slots.count ? slots[2 * n] : -1
                    let b = 2 * n + 1 < slots.count ? slots[2 * n + 1] : -1
                    if a < 0 || b < a {
                        pc += 1
                    } else {
                        let len = b - a
                        var ok = pos + len <= input.count
                        var d = 0
                        while ok && d < len {
                            let x = input[a + d], y = input[pos + d]
                            if x != y && !(ic && RegexMatcher.fold(x) == RegexMatcher.fold(y)) { ok = false }
                            d += 1
                        }
                        if ok {
                            pos += len
                            pc += 1
                        } else { fail = true }
                    }
                case .mark(let r):
                    undo.append(.register(r, registers[r]))
                    registers[r] = pos
                    pc += 1
                case .progress(let r):
                    if registers[r] == pos { fail = true } else { pc += 1 }
                case .match:
                    if let requiredEnd, pos != requiredEnd {
                        fail = true
                    } else {
                        return pos
                    }
                }
            }
            if fail {
                guard let choice = stack.popLast() else { return nil }
                while undo.count > choice.undoCount {
                    switch undo.removeLast() {
                    case .slot(let n, let v): slots[n] = v
                    case .register(let r, let v): registers[r] = v
                    }
                }
                pc = choice.pc
                pos = choice.pos
            }
        }
    }
}
