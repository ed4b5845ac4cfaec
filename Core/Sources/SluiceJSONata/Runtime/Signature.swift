/// A function signature such as `<s-n?:s>`: parameter types and modifiers, used to validate and
/// complete (context value, array wrapping) the arguments of a function call.
///
/// A class: functions and calls pass it around, and one reference costs one retain where a struct
/// of three arrays and a string would cost four.
final class Signature: Sendable {
    struct Param: Sendable {
        /// Type symbols accepted (`s n b l o a f j x` plus `m` for missing).
        var allowed: Set<Character>
        /// The declared type (`a`, `f`, `s`, `(sn)`...).
        var type: String
        var subtype: String?
        var optional = false
        var variadic = false
        /// `-`: use the context value when the argument is missing.
        var useContext = false
        var contextAllowed: Set<Character> = []
    }

    let params: [Param]
    let text: String
    /// Per parameter, the value kinds (see `kindBit`) it accepts on the shortcut of `validate`,
    /// the common call whose arguments map one to one onto the parameters; empty when that
    /// shortcut does not apply (variadic signatures). An array parameter takes only an array there
    /// (no wrapping), and one with a member type nothing (its members need checking).
    private let directMasks: [UInt16]
    /// The fewest arguments the shortcut accepts: every parameter from here on is optional without
    /// a context default (`Int.max` when the shortcut does not apply).
    private let directMinCount: Int

    init(emptyWithText t: String) {
        text = t
        params = []
        directMasks = []
        directMinCount = 0
    }

    init(_ signature: String) throws(JSONataError) {
        text = signature
        var params: [Param] = []
        let chars = Array(signature)
        var position = 1
        var current: Param? = nil
        func closing(_ start: Int, _ open: Character, _ close: Character) -> Int {
            var depth = 1
            var p = start
            while p < chars.count {
                p += 1
                guard p < chars.count else { break }
                if chars[p] == open {
                    depth += 1
                } else if chars[p] == close {
                    depth -= 1
                    if depth == 0 { break }
                }
            }
            return p
        }
        _ = current
        while position < chars.count {
            let symbol = chars[position]
            if symbol == ":" { break }
            switch symbol {
            case "s", "n", "b", "l", "o":
                params.append(Param(allowed: [symbol, "m"], type: String(symbol)))
            case "a":
                params.append(Param(allowed: ["a", "s", "n", "b", "l", "f", "o", "m"], type: "a"))
            case "f":
                params.append(Param(allowed: ["f"], type: "f"))
            case "j":
                params.append(Param(allowed: ["a", "s", "n", "b", "l", "o", "m"], type: "j"))
            case "x":
                params.append(Param(allowed: ["a", "s", "n", "b", "l", "f", "o", "m"], type: "x"))
            case "-":
                if var p = params.popLast() {
                    p.useContext = true
                    p.contextAllowed = p.allowed
                    p.optional = true
                    params.append(p)
                }
            case "?":
                if var p = params.popLast() {
                    p.optional = true
                    params.append(p)
                }
            case "+":
                if var p = params.popLast() {
                    p.variadic = true
                    params.append(p)
                }
            case "(":
                let end = closing(position, "(", ")")
                let choice = String(chars[(position + 1)..<min(end, chars.count)])
                if choice.contains("<") {
                    throw JSONataError.make("S0402", position: position, value: .string(choice))
                }
                var allowed = Set(choice)
                allowed.insert("m")
                params.append(Param(allowed: allowed, type: "(" + choice + ")"))
                position = end
            case "<":
                if var p = params.popLast(), p.type == "a" || p.type == "f" {
                    let end = closing(position, "<", ">")
                    p.subtype = String(chars[(position + 1)..<min(end, chars.count)])
                    params.append(p)
                    position = end
                } else {
                    throw JSONataError.make("S0401", position: position, value: .string(params.last?.type ?? ""))
                }
            default:
                break
            }
            position += 1
        }
        current = nil
        self.params = params
        if !params.contains(where: \.variadic) {
            directMasks = params.map { p in
                if p.type == "a" { return p.subtype == nil ? Signature.kindBit("a") : 0 }
                var mask: UInt16 = 0
                for c in p.allowed { mask |= Signature.kindBit(c) }
                return mask
            }
        } else {
            directMasks = []
        }
        directMinCount = directMasks.count == params.count
            ? (params.lastIndex { !$0.optional || $0.useContext } ?? -1) + 1 : Int.max
    }

    /// The bit of a type symbol (`m`, missing, has none: missing arguments take the general path).
    private static func kindBit(_ symbol: Character) -> UInt16 {
        switch symbol {
        case "f": 1 << 0
        case "s": 1 << 1
        case "n": 1 << 2
        case "b": 1 << 3
        case "l": 1 << 4
        case "a": 1 << 5
        case "o": 1 << 6
        default: 0
        }
    }

    @inline(__always)
    private static func kindBit(of v: JV) -> UInt16 {
        switch v {
        case .function: 1 << 0
        case .string: 1 << 1
        case .number: 1 << 2
        case .bool: 1 << 3
        case .null: 1 << 4
        case .array, .tuples: 1 << 5
        case .object: 1 << 6
        }
    }

    /// The shortcut of `validate`: one defined argument per leading parameter, each of an accepted
    /// kind, none needing array wrapping or member checks, and only optional parameters without a
    /// context default left over. Then every parameter consumes exactly its argument (the matcher's
    /// first, greedy choice) and the completed list is the arguments themselves: implementations
    /// read missing trailing arguments as undefined, so the list is not padded. `false` sends the
    /// call down the general matcher.
    @inline(__always)
    private func acceptsDirectly(count: Int, _ argument: (Int) -> JV?) -> Bool {
        guard count >= directMinCount, count <= directMasks.count else { return false }
        for i in 0..<count {
            guard let a = argument(i), directMasks[i] & Signature.kindBit(of: a) != 0 else { return false }
        }
        return true
    }

    static func symbol(_ v: JV?) -> Character {
        guard let v else { return "m" }
        switch v {
        case .function: return "f"
        case .string: return "s"
        case .number: return "n"
        case .bool: return "b"
        case .null: return "l"
        case .array, .tuples: return "a"
        case .object: return "o"
        }
    }

    /// Finds how many symbols each parameter consumes; `prefixOnly` allows trailing symbols.
    private func match(_ syms: [Character], _ p: Int, _ s: Int, _ counts: inout [Int], prefixEnd: Int?) -> Bool {
        let end = prefixEnd ?? params.count
        if p == end { return prefixEnd != nil || s == syms.count }
        let param = params[p]
        var maxTake = 0
        while s + maxTake < syms.count, param.allowed.contains(syms[s + maxTake]) {
            maxTake += 1
            if !param.variadic { break }
        }
        let minTake = param.optional ? 0 : 1
        var take = maxTake
        while take >= minTake {
            counts[p] = take
            if match(syms, p + 1, s + take, &counts, prefixEnd: prefixEnd) { return true }
            take -= 1
        }
        // `x?` style optional with zero; `x+?` not needed
        return false
    }

    private func consumed(_ syms: [Character], upTo: Int) -> Int? {
        var counts = [Int](repeating: 0, count: params.count)
        guard match(syms, 0, 0, &counts, prefixEnd: upTo) else { return nil }
        return counts[0..<upTo].reduce(0, +)
    }

    /// Validates `args` against the signature and returns the completed argument list.
    /// Whether the arguments of a built-in call need no completion (see `acceptsDirectly(count:_:)`).
    @inline(__always)
    func acceptsDirectly(_ args: borrowing Arguments) -> Bool {
        acceptsDirectly(count: args.count, { args[$0] })
    }

    func validate(_ args: [JV?], context: JV?, name: String) throws(JSONataError) -> [JV?] {
        if acceptsDirectly(count: args.count, { args[$0] }) { return args }
        let syms = args.map(Signature.symbol)
        var counts = [Int](repeating: 0, count: params.count)
        guard match(syms, 0, 0, &counts, prefixEnd: nil) else {
            var goodTo = 0
            for i in 0..<params.count {
                guard let c = consumed(syms, upTo: i + 1) else {
                    throw JSONataError.make("T0410", token: name, value: goodTo < args.count ? args[goodTo] : nil, index: goodTo + 1)
                }
                goodTo = c
            }
            throw JSONataError.make("T0410", token: name, value: goodTo < args.count ? args[goodTo] : nil, index: goodTo + 1)
        }
        var out: [JV?] = []
        out.reserveCapacity(params.count)
        var argIndex = 0
        for (pi, param) in params.enumerated() {
            let count = counts[pi]
            if count == 0 {
                if param.useContext {
                    let ctype = Signature.symbol(context)
                    if param.contextAllowed.contains(ctype) {
                        out.append(context)
                    } else {
                        throw JSONataError.make("T0411", token: name, value: context, index: argIndex + 1)
                    }
                } else {
                    out.append(argIndex < args.count ? args[argIndex] : nil)
                    argIndex += 1
                }
                continue
            }
            for k in 0..<count {
                let single = syms[argIndex]
                var arg = argIndex < args.count ? args[argIndex] : nil
                if param.type == "a" {
                    if single == "m" {
                        arg = nil
                    } else {
                        if let sub = param.subtype {
                            var ok = true
                            if single != "a" {
                                // a single value: its type must be the subtype
                                if count == 1 && String(single) != sub { ok = false }
                                if count > 1 { ok = false }
                                _ = k
                            } else if case .array(let arr) = arg, let first = arr.items.first {
                                let itemType = Signature.symbol(first)
                                if let subFirst = sub.first, itemType != subFirst {
                                    ok = false
                                } else {
                                    ok = arr.items.allSatisfy { Signature.symbol($0) == itemType }
                                }
                            }
                            if !ok {
                                throw JSONataError.arrayType(sub, name: name, index: argIndex + 1)
                            }
                        }
                        if single != "a", let a = arg {
                            arg = .array(JArray([a]))
                        }
                    }
                }
                out.append(arg)
                argIndex += 1
            }
        }
        return out
    }
}

extension JSONataError {
    /// T0412: an array argument whose members are not of the declared type.
    static func arrayType(_ sub: String, name: String, index: Int) -> JSONataError {
        let names: [String: String] = ["a": "arrays", "b": "booleans", "f": "functions", "n": "numbers", "o": "objects", "s": "strings"]
        var quotedName = ""
        Stringify.quote(name, into: &quotedName)
        var quotedType = ""
        Stringify.quote(names[sub] ?? sub, into: &quotedType)
        return JSONataError(code: "T0412",
                            message: "Argument \(index) of function \(quotedName) must be an array of \(quotedType)",
                            token: name)
    }
}
