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
/// - `nonpure/services.test_lambda_task_service.test_invoke_json_values[0.0]`: a Lambda response
///   body `0.0` (Content-Length 3) comes back in the task output as `"Payload": 0.0` — the recorder
///   read a float, so AWS kept the double and did not write it as `0`;
/// - `cases/intrinsic_functions.test_json_manipulation.test_string_to_json.e3`:
///   `States.StringToJson("-0")` gives `{"FunctionResult": 0}` (integer zero);
/// - `cases/outputdecl.test_output.test_base_output_any_non_dict[FLOAT]`: a literal `0.1` output is
///   the raw text `0.1`; `cases/intrinsic_functions.test_json_manipulation_jsonata.test_parse.e2`:
///   `$parse("1.1")` is written `1.1`;
/// - `cases/assign.test_assign_base.test_base_cases[BASE_CONSTANT_LITERALS]`: the raw array text
///   `[null,0,0.1,true,…]` — compact, integers without a point, doubles shortest.
///
/// Not shown by the corpus (taken from Jackson/Java's documented behaviour): the exponent form, the
/// 10⁻³/10⁷ boundaries and the non-finite strings. Computed (JSONata) results that are integral
/// should be built with `JSONNumber(normalizing:)`, which AWS writes without `.0`. Known deviation: for subnormal doubles whose shortest form has one
/// digit, JDK 19+ prefers a closer two-digit form (`4.9E-324` where this writes `5.0E-324`); and
/// JDK ≤ 18 occasionally printed a non-shortest digit string. Neither shows up in practice.
enum JSONNumberFormatting {
    /// Appends Java's `Double.toString(d)` rendering (or Jackson's string for a non-finite value).
    static func appendDouble<Sink: ByteSink>(_ d: Double, to out: inout Sink) {
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
        let m = d.magnitude
        // Fast path: an integral value below 10^7 is its digits and ".0".
        if m < 1e7, m.rounded(.towardZero) == m {
            appendInteger(UInt64(m), to: &out)
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0"))
            return
        }
        let (significand, decimalExponent) = shortestDecimal(m)
        appendJavaLayout(significand: significand, decimalExponent: decimalExponent, to: &out)
    }

    /// The shortest decimal `significand × 10^decimalExponent` that reads back as `m` (positive,
    /// finite).
    ///
    /// Fast path for values with few significant digits: the smallest `k` for which
    /// `round(m × 10^k) / 10^k == m` (exact: both operands are exact doubles, so the division is
    /// correctly rounded). With `m × 10^k < 2^50`, the product's rounding error and the distance of
    /// a round-tripping decimal from `m` are each below 1/8, so `round` finds that decimal when one
    /// exists with `k` decimals. Otherwise the digits of Swift's shortest description are used.
    static func shortestDecimal(_ m: Double) -> (significand: UInt64, decimalExponent: Int) {
        let limit = 1_125_899_906_842_624.0  // 2^50
        if m < limit {
            var k = 0
            while k <= 22 {
                let p = powersOfTen[k]
                let scaled = m * p
                if scaled >= limit { break }
                let r = scaled.rounded()
                if r / p == m { return (UInt64(r), -k) }
                k += 1
            }
        }
        return shortestDecimalFromDescription(m)
    }

    /// Reads the digits and exponent of Swift's shortest round-trip description ("123.45",
    /// "0.001", "1e-05", "1.2345e+20").
    static func shortestDecimalFromDescription(_ m: Double) -> (significand: UInt64, decimalExponent: Int) {
        var significand: UInt64 = 0
        var fractionDigits = 0
        var afterPoint = false
        var inExponent = false
        var exponent = 0
        var exponentSign = 1
        for b in m.description.utf8 {
            if inExponent {
                switch b {
                case UInt8(ascii: "-"): exponentSign = -1
                case UInt8(ascii: "0")...UInt8(ascii: "9"): exponent = exponent &* 10 &+ Int(b &- 48)
                default: break
                }
                continue
            }
            switch b {
            case UInt8(ascii: "."): afterPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                // At most 17 significant digits: fits in UInt64.
                significand = significand &* 10 &+ UInt64(b &- 48)
                if afterPoint { fractionDigits += 1 }
            default: break
            }
        }
        return (significand, exponentSign * exponent - fractionDigits)
    }

    /// Appends `significand × 10^decimalExponent` laid out as Java's `Double.toString` does.
    static func appendJavaLayout<Sink: ByteSink>(significand: UInt64, decimalExponent: Int, to out: inout Sink) {
        var significand = significand
        var decimalExponent = decimalExponent
        while significand != 0, significand % 10 == 0 {
            significand /= 10
            decimalExponent += 1
        }
        // Digits of the significand, most significant first, in a stack buffer.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            guard let base = buffer.baseAddress else { return }
            var n = 0
            var v = significand
            repeat {
                let q = v / 10
                base[19 - n] = UInt8(truncatingIfNeeded: v &- q &* 10) &+ 48
                n += 1
                v = q
            } while v > 0
            let digits = UnsafeBufferPointer(start: base + 20 - n, count: n)
            // Scientific exponent: value = d1.d2d3… × 10^e.
            let e = decimalExponent + n - 1
            if e >= -3 && e < 7 {
                if e >= 0 {
                    for i in 0...e { out.append(i < n ? digits[i] : UInt8(ascii: "0")) }
                    out.append(UInt8(ascii: "."))
                    if n > e + 1 {
                        out.append(bytes: UnsafeBufferPointer(rebasing: digits[(e + 1)...]))
                    } else {
                        out.append(UInt8(ascii: "0"))
                    }
                } else {
                    out.append(UInt8(ascii: "0"))
                    out.append(UInt8(ascii: "."))
                    for _ in 0..<(-e - 1) { out.append(UInt8(ascii: "0")) }
                    out.append(bytes: digits)
                }
                return
            }
            out.append(digits[0])
            out.append(UInt8(ascii: "."))
            if n > 1 {
                out.append(bytes: UnsafeBufferPointer(rebasing: digits[1...]))
            } else {
                out.append(UInt8(ascii: "0"))
            }
            out.append(UInt8(ascii: "E"))
            appendInteger(Int64(e), to: &out)
        }
    }

    /// 10^0 … 10^22, every one an exact double.
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
        1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Appends the decimal digits of `v`.
    @inline(__always)
    static func appendInteger<Sink: ByteSink>(_ v: UInt64, to out: inout Sink) {
        if v < 10 {
            out.append(UInt8(truncatingIfNeeded: v) &+ 48)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            guard let base = buffer.baseAddress else { return }
            var n = 0
            var v = v
            while v > 0 {
                let q = v / 10
                base[19 - n] = UInt8(truncatingIfNeeded: v &- q &* 10) &+ 48
                n += 1
                v = q
            }
            out.append(bytes: UnsafeBufferPointer(start: base + 20 - n, count: n))
        }
    }

    /// Appends the decimal digits of `v`, with a `-` when negative.
    @inline(__always)
    static func appendInteger<Sink: ByteSink>(_ v: Int64, to out: inout Sink) {
        if v < 0 { out.append(UInt8(ascii: "-")) }
        appendInteger(v.magnitude, to: &out)
    }

    @inline(__always)
    static func appendStatic<Sink: ByteSink>(_ s: StaticString, to out: inout Sink) {
        out.append(bytes: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
}
