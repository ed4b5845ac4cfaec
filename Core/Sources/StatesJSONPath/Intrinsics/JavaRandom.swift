/// `java.util.Random`'s linear congruential generator, so that `States.MathRandom(start, end, seed)`
/// draws what a JVM seeded the same way draws.
struct JavaRandom {
    private var seed: UInt64
    private static let multiplier: UInt64 = 0x5_DEEC_E66D
    private static let mask: UInt64 = (1 << 48) - 1

    init(seed: Int64) {
        self.seed = (UInt64(bitPattern: seed) ^ JavaRandom.multiplier) & JavaRandom.mask
    }

    private mutating func next(bits: Int) -> Int32 {
        seed = (seed &* JavaRandom.multiplier &+ 0xB) & JavaRandom.mask
        return Int32(truncatingIfNeeded: Int64(bitPattern: seed >> UInt64(48 - bits)))
    }

    /// A value in `0..<bound`; `bound` must be positive.
    mutating func nextInt(bound: Int32) -> Int32 {
        guard bound > 0 else { return 0 }
        if bound & -bound == bound {
            return Int32(truncatingIfNeeded: (Int64(bound) &* Int64(next(bits: 31))) >> 31)
        }
        var bits: Int32
        var value: Int32
        repeat {
            bits = next(bits: 31)
            value = bits % bound
        } while bits &- value &+ (bound &- 1) < 0
        return value
    }
}
