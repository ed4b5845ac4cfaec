/// How AWS Step Functions writes numbers, and the evidence for it.
///
/// Step Functions is a Java service whose JSON layer is Jackson. Jackson keeps a JSON number as the
/// node type the literal parsed to, and writes each type its own way:
///
/// - an integer literal stays an integer (`IntNode`/`LongNode`/`BigIntegerNode`) and is written
///   with all its digits: `123456789012345678901234567890` stays exactly that; `-0` parses to the
///   integer 0 and is written `0`;
/// - any literal with a fraction or an exponent is a `double` (`DoubleNode`), written by Java's
///   `Double.toString`: shortest round-trip digits, at least one digit after the point, plain
///   notation for 10⁻³ ≤ |x| < 10⁷ (`1.0`, `0.30000000000000004`, `100.0`, `0.001`,
///   `1234567.0`), otherwise computerized scientific notation with a capital `E` and no `+`
///   (`1.0E7`, `1.0E21`, `1.0E-4`, `1.2345E-7`); zero is `0.0` / `-0.0`. So `1.50` reads back as
///   `1.5` and `1e2` as `100.0`.
/// - Jackson writes non-finite doubles as the strings `"NaN"`, `"Infinity"` and `"-Infinity"`
///   (its default `WRITE_NAN_AS_STRINGS`); a literal such as `1e400` parses to infinity.
///
/// Evidence in `shared/conformance` (the recorder re-parses object-shaped strings with Python,
/// which keeps the int/float distinction of what AWS wrote):
/// - `nonpure/services.test_lambda_task_service.test_invoke_json_values[0.0]`: a Lambda result of
///   `0.0` comes back in the task output as `"Payload": 0.0` — a double stays a double and is
///   written with a decimal point, not as `0`;
/// - `cases/intrinsic_functions.test_json_manipulation.test_string_to_json.e3`:
///   `States.StringToJson("-0")` gives `{"FunctionResult": 0}` (integer zero);
/// - `cases/outputdecl.test_output.test_base_output_any_non_dict[FLOAT]`: a literal `0.1` output is
///   the raw text `0.1`; `test_parse.e2`: `$parse("1.1")` is written `1.1`;
/// - `cases/assign.test_assign_base.test_base_cases[BASE_CONSTANT_LITERALS]`: the raw array text
///   `[null,0,0.1,true,…]` — compact, integers without a point, doubles shortest.
///
/// Not shown by the corpus (taken from Jackson/Java's documented behaviour): the exponent form and
/// the 10⁻³/10⁷ boundaries. Known deviation: for subnormal doubles whose shortest form has one
/// digit, JDK 19+ prefers a closer two-digit form (`4.9E-324` where this writes `5.0E-324`); and
/// JDK ≤ 18 occasionally printed a non-shortest digit string. Neither shows up in practice.
enum JSONNumberFormatting {
    /// Appends Java's `Double.toString(d)` rendering (or Jackson's string for a non-finite value).
    static func appendDouble(_ d: Double, to out: inout [UInt8]) {
        if !d.isFinite {
            let text: StaticString = d.isNaN ? "\"NaN\"" : d < 0 ? "\"-Infinity\"" : "\"Infinity\""
            appendStatic(text, to: &out)
            return
        }
        if d == 0 {
            appendStatic(d.sign == .minus ? "-0.0" : "0.0", to: &out)
            return
        }
        if d < 0 { out.append(UInt8(ascii: "-")) }
        // Fast path: an integral value below 10^7 is written as its digits and ".0".
        let m = d.magnitude
        if m < 1e7, m.rounded(.towardZero) == m {
            appendInteger(UInt64(m), to: &out)
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0"))
            return
        }
        let digits = ShortestDigits(m)
        digits.appendJava(to: &out)
    }

    /// Appends the decimal digits of `v`.
    @inline(__always)
    static func appendInteger(_ v: UInt64, to out: inout [UInt8]) {
        if v < 10 {
            out.append(UInt8(truncatingIfNeeded: v) &+ 48)
            return
        }
        let start = out.count
        var v = v
        while v > 0 {
            let q = v / 10
            out.append(UInt8(truncatingIfNeeded: v &- q &* 10) &+ 48)
            v = q
        }
        out[start...].reverse()
    }

    /// Appends the decimal digits of `v`, with a `-` when negative.
    @inline(__always)
    static func appendInteger(_ v: Int64, to out: inout [UInt8]) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendInteger(v.magnitude, to: &out)
    }

    @inline(__always)
    static func appendStatic(_ s: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}

/// The shortest round-trip decimal digits of a positive finite double and its decimal exponent:
/// the value is `d₁.d₂d₃… × 10^exponent`.
struct ShortestDigits {
    /// ASCII digits, first one non-zero, no trailing zeros (at least one digit).
    var digits: [UInt8] = []
    var exponent = 0

    init(_ value: Double) {
        // Swift's description is the shortest round-trip form ("123.45", "0.001", "1e-05",
        // "1.2345e+20"); re-read its digits and exponent.
        let text = value.description
        var mantissaPoint: Int? = nil
        var exponentPart = 0
        var exponentSign = 1
        var inExponent = false
        var count = 0
        var leadingZeros = 0
        for b in text.utf8 {
            if inExponent {
                switch b {
                case UInt8(ascii: "-"): exponentSign = -1
                case UInt8(ascii: "+"): break
                default: exponentPart = exponentPart * 10 + Int(b &- 48)
                }
                continue
            }
            switch b {
            case UInt8(ascii: "."): mantissaPoint = count
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits.isEmpty && b == UInt8(ascii: "0") {
                    leadingZeros += 1
                } else {
                    digits.append(b)
                }
                count += 1
            default: break
            }
        }
        let point = mantissaPoint ?? count
        exponent = point - leadingZeros - 1 + exponentSign * exponentPart
        while digits.count > 1, digits.last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty { digits = [UInt8(ascii: "0")] }
    }

    /// Appends the digits the way Java's `Double.toString` lays them out.
    func appendJava(to out: inout [UInt8]) {
        if exponent >= -3 && exponent < 7 {
            if exponent >= 0 {
                for i in 0...exponent { out.append(i < digits.count ? digits[i] : UInt8(ascii: "0")) }
                out.append(UInt8(ascii: "."))
                if digits.count > exponent + 1 {
                    out.append(contentsOf: digits[(exponent + 1)...])
                } else {
                    out.append(UInt8(ascii: "0"))
                }
            } else {
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "."))
                for _ in 0..<(-exponent - 1) { out.append(UInt8(ascii: "0")) }
                out.append(contentsOf: digits)
            }
            return
        }
        out.append(digits[0])
        out.append(UInt8(ascii: "."))
        if digits.count > 1 { out.append(contentsOf: digits[1...]) } else { out.append(UInt8(ascii: "0")) }
        out.append(UInt8(ascii: "E"))
        JSONNumberFormatting.appendInteger(Int64(exponent), to: &out)
    }
}
