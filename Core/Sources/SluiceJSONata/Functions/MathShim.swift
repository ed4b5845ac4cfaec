/// Transcendental functions without Foundation (no libm import in Core sources): the few
/// non-integral powers JSONata needs are computed with `exp`/`log` series.
enum MathShim {
    static func log(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return x == 0 ? -.infinity : (x.isInfinite ? .infinity : .nan) }
        // x = m * 2^e with m in [1, 2)
        let e = Double(x.exponent)
        let m = x.significand
        // log(m) via atanh series: log(m) = 2 * atanh((m-1)/(m+1))
        let y = (m - 1) / (m + 1)
        let y2 = y * y
        var term = y
        var sum = 0.0
        var k = 1.0
        while k < 200 {
            sum += term / k
            term *= y2
            k += 2
            if term.magnitude < 1e-30 { break }
        }
        return 2 * sum + e * 0.693147180559945309417232121458176568
    }

    static func exp(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 709.8 { return .infinity }
        if x < -745.2 { return 0 }
        // exp(x) = 2^k * exp(r), r = x - k ln2
        let ln2 = 0.693147180559945309417232121458176568
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0, sum = 1.0
        var n = 1.0
        while n < 60 {
            term *= r / n
            sum += term
            if term.magnitude < 1e-18 * sum.magnitude { break }
            n += 1
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }

    static func pow(_ b: Double, _ e: Double) -> Double {
        if b.isNaN || e.isNaN { return .nan }
        if b == 0 { return e > 0 ? 0 : .infinity }
        if b < 0 { return .nan }
        if b.isInfinite { return e > 0 ? .infinity : 0 }
        if e.isInfinite { return (b > 1) == (e > 0) ? .infinity : 0 }
        return exp(e * log(b))
    }
}
