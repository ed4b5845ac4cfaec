/// A parsed date/time picture string.
struct DateTimePicture {
    enum Names { case upper, lower, title }

    struct Marker {
        var component: Character
        var widthMin: Int?
        var widthMax: Int?
        var presentation1 = ""
        var presentation2: Character?
        var ordinal = false
        var names: Names?
        var integerFormat: IntegerFormat?
        var n = -1
    }

    enum Part {
        case literal(String)
        case marker(Marker)
    }

    var parts: [Part] = []

    static let defaultModifiers: [Character: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "w": "1", "X": "1", "x": "1", "H": "1", "h": "1",
        "P": "n", "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]

    init(_ picture: String) throws(JSONataError) {
        let p = Array(picture)
        var start = 0, pos = 0
        func addLiteral(_ s: Int, _ e: Int) {
            if e > s {
                let lit = String(p[s..<e]).replacingAll("]]", with: "]")
                parts.append(.literal(lit))
            }
        }
        while pos < p.count {
            if p[pos] == "[" {
                if pos + 1 < p.count && p[pos + 1] == "[" {
                    addLiteral(start, pos)
                    parts.append(.literal("["))
                    pos += 2
                    start = pos
                    continue
                }
                addLiteral(start, pos)
                start = pos
                guard let close = p[start...].firstIndex(of: "]") else {
                    throw JSONataError.make("D3135")
                }
                pos = close
                let marker = String(p[(start + 1)..<pos].filter { !$0.isWhitespace })
                let chars = Array(marker)
                guard let component = chars.first else {
                    throw JSONataError.make("D3132", value: .string(""))
                }
                var def = Marker(component: component)
                var presMod: String
                if let comma = chars.lastIndex(of: ",") {
                    let widthMod = String(chars[(comma + 1)...])
                    var minS: String? = widthMod, maxS: String? = nil
                    if let dash = widthMod.firstIndex(of: "-") {
                        minS = String(widthMod[widthMod.startIndex..<dash])
                        maxS = String(widthMod[widthMod.index(after: dash)...])
                    }
                    func parseWidth(_ w: String?) -> Int? {
                        guard let w, w != "*" else { return nil }
                        return IntegerFormat.parseIntPrefix(w).map { Library.clampedInt($0, limit: 1000) }
                    }
                    def.widthMin = parseWidth(minS)
                    def.widthMax = parseWidth(maxS)
                    presMod = String(chars[1..<comma])
                } else {
                    presMod = String(chars.dropFirst())
                }
                if presMod.count == 1 {
                    def.presentation1 = presMod
                } else if presMod.count > 1 {
                    let last = presMod.last ?? " "
                    if "atco".contains(last) {
                        def.presentation2 = last
                        if last == "o" { def.ordinal = true }
                        def.presentation1 = String(presMod.dropLast())
                    } else {
                        def.presentation1 = presMod
                    }
                } else {
                    guard let d = DateTimePicture.defaultModifiers[component] else {
                        throw JSONataError.make("D3132", value: .string(String(component)))
                    }
                    def.presentation1 = d
                }
                if presMod.isEmpty && DateTimePicture.defaultModifiers[component] == nil {
                    throw JSONataError.make("D3132", value: .string(String(component)))
                }
                let p1 = Array(def.presentation1)
                if p1.first == "n" {
                    def.names = .lower
                } else if p1.first == "N" {
                    def.names = p1.count > 1 && p1[1] == "n" ? .title : .upper
                } else if "YMDdFWwXxHhmsf".contains(component) {
                    var pattern = def.presentation1
                    if let p2 = def.presentation2 { pattern += ";" + String(p2) }
                    var f = try IntegerFormat(picture: pattern)
                    if let wmin = def.widthMin, f.mandatoryDigits < wmin { f.mandatoryDigits = wmin }
                    if component == "Y" {
                        def.n = -1
                        if let wmax = def.widthMax {
                            def.n = wmax
                            f.mandatoryDigits = wmax
                        } else {
                            let w = f.mandatoryDigits + f.optionalDigits
                            if w >= 2 { def.n = w }
                        }
                    }
                    def.integerFormat = f
                }
                if component == "Z" || component == "z" {
                    def.integerFormat = try IntegerFormat(picture: def.presentation1)
                }
                if !"YMDdFWwXxHhPmsfZzCE".contains(component) {
                    throw JSONataError.make("D3132", value: .string(String(component)))
                }
                parts.append(.marker(def))
                start = pos + 1
            }
            pos += 1
        }
        addLiteral(start, pos)
    }
}
