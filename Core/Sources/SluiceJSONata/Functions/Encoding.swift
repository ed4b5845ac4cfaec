/// Encoding functions: `$base64encode`, `$base64decode`, `$encodeUrl(Component)`,
/// `$decodeUrl(Component)`, `$formatBase`.
extension Library {
    static let encodingFunctions: [Builtin] = [
        Builtin("base64encode", "<s-:s>", arity: 1) { _, a in
            guard let s = str(a, 0) else { return nil }
            // `Buffer.from(str, 'binary')`: one byte per character (low 8 bits).
            let bytes = s.utf16.map { UInt8(truncatingIfNeeded: $0) }
            return .string(base64(bytes))
        },
        Builtin("base64decode", "<s-:s>", arity: 1) { _, a in
            guard let s = str(a, 0) else { return nil }
            let bytes = unbase64(s)
            var v = String.UnicodeScalarView()
            for b in bytes { v.append(Unicode.Scalar(b)) }
            return .string(String(v))
        },
        Builtin("encodeUrlComponent", "<s-:s>", arity: 1) { _, a in
            guard let s = str(a, 0) else { return nil }
            return .string(percentEncode(s, keep: unreservedComponent))
        },
        Builtin("encodeUrl", "<s-:s>", arity: 1) { _, a in
            guard let s = str(a, 0) else { return nil }
            return .string(percentEncode(s, keep: unreservedURI))
        },
        Builtin("decodeUrlComponent", "<s-:s>", arity: 1) { ctx, a throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            guard let r = percentDecode(s, reserved: []) else {
                throw JSONataError.make("D3140", token: "decodeUrlComponent", value: .string(s))
            }
            return .string(r)
        },
        Builtin("decodeUrl", "<s-:s>", arity: 1) { ctx, a throws(JSONataError) in
            guard let s = str(a, 0) else { return nil }
            guard let r = percentDecode(s, reserved: Set(";/?:@&=+$,#".utf8)) else {
                throw JSONataError.make("D3140", token: "decodeUrl", value: .string(s))
            }
            return .string(r)
        },
        Builtin("formatBase", "<n-n?:s>", arity: 2) { _, a throws(JSONataError) in
            guard let v = num(a, 0) else { return nil }
            let value = round(v, 0)
            var radix = 10.0
            if let r = num(a, 1) { radix = round(r, 0) }
            if radix < 2 || radix > 36 { throw JSONataError.make("D3100", value: .number(radix)) }
            guard let iv = Int64(exactly: value) else { return .string(Stringify.number(value)) }
            return .string(String(iv, radix: Int(radix)))
        },
    ]

    static let unreservedComponent: Set<UInt8> = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()".utf8)
    static let unreservedURI: Set<UInt8> = unreservedComponent.union(Set(";,/?:@&=+$#".utf8))

    static func percentEncode(_ s: String, keep: Set<UInt8>) -> String {
        var out = ""
        let hex = Array("0123456789ABCDEF".utf8)
        for b in s.utf8 {
            if keep.contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(b >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(b & 15)]))
            }
        }
        return out
    }

    static func percentDecode(_ s: String, reserved: Set<UInt8>) -> String? {
        let u = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        func hexVal(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        while i < u.count {
            if u[i] == 37 {
                guard i + 2 < u.count, let h = hexVal(u[i + 1]), let l = hexVal(u[i + 2]) else { return nil }
                let b = h * 16 + l
                if b < 0x80 && reserved.contains(b) {
                    out.append(contentsOf: u[i...(i + 2)])
                } else {
                    out.append(b)
                }
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        // validate UTF-8
        var it = out.makeIterator()
        var decoder = UTF8()
        var result = String.UnicodeScalarView()
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let sc): result.append(sc)
            case .emptyInput: break loop
            case .error: return nil
            }
        }
        return String(result)
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int(((b0 & 3) << 4) | (b1 >> 4))])
            out.append(i + 1 < bytes.count ? table[Int(((b1 & 15) << 2) | (b2 >> 6))] : 61)
            out.append(i + 2 < bytes.count ? table[Int(b2 & 63)] : 61)
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unbase64(_ s: String) -> [UInt8] {
        var vals: [UInt8] = []
        for c in s.utf8 {
            switch c {
            case 65...90: vals.append(c - 65)
            case 97...122: vals.append(c - 71)
            case 48...57: vals.append(c + 4)
            case 43, 45: vals.append(62)
            case 47, 95: vals.append(63)
            default: continue
            }
        }
        var out: [UInt8] = []
        var i = 0
        while i + 1 < vals.count {
            out.append((vals[i] << 2) | (vals[i + 1] >> 4))
            if i + 2 < vals.count { out.append((vals[i + 1] << 4) | (vals[i + 2] >> 2)) }
            if i + 3 < vals.count { out.append((vals[i + 2] << 6) | vals[i + 3]) }
            i += 4
        }
        return out
    }
}
