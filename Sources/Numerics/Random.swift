/// Seeded pseudo-random generator: xoshiro256** (Blackman & Vigna) with its 256-bit state
/// filled by splitmix64 from a 64-bit seed.
///
/// The integer stream, `uniform()` and the sampling helpers use only integer arithmetic and
/// exact scaling, so they are bit-identical on every platform. `normal()` uses the polar
/// method, which also calls `log` (libm) and `sqrt` (correctly rounded): bit-identical for the
/// same libm, and within an ulp or so otherwise.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Seeds the 256-bit state from `seed` by splitmix64 (every seed, 0 included, is valid).
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    @inlinable
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    /// The next 64 random bits (xoshiro256**).
    @inlinable
    public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// Uniform on [0, 1) with 53 random bits (every value a multiple of 2⁻⁵³).
    @inlinable
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform on [0, 1) in `T` with `T.significandBitCount + 1` random bits (64 for Float80).
    @inlinable
    public mutating func uniform<T: RealFloat>(_: T.Type) -> T {
        let bits = Swift.min(T.significandBitCount + 1, 64)
        let k = next() >> UInt64(64 - bits)
        return T(k) / T(sign: .plus, exponent: T.Exponent(bits), significand: 1)
    }

    /// Uniform integer in 0..<n, unbiased for every n up to `Int.max` (Lemire's multiply-and-
    /// reject: the high word of a 64×64-bit product, rejecting the low words that would bias it).
    /// Throws `.invalidArgument` for n ≤ 0.
    @inlinable
    public mutating func int(below n: Int) throws -> Int {
        guard n > 0 else { throw NumericsError.invalidArgument(operation: "int(below:)", detail: "bound \(n) must be positive") }
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// Standard normal N(0, 1) by the Marsaglia polar method, computed in `T`. Always finite:
    /// |u|/√s ≤ 1 and s ≥ 2^-130, so |value| ≤ √(−2 log s) < 14.
    @inlinable
    public mutating func normal<T: RealFloat>(_: T.Type) -> T {
        while true {
            let u = 2 * uniform(T.self) - 1
            let v = 2 * uniform(T.self) - 1
            let s = u * u + v * v
            if s > .zero && s < 1 {
                return u * (-2 * T.log(s) / s).squareRoot()
            }
        }
    }

    /// Standard normal in Double.
    @inlinable
    public mutating func normal() -> Double { normal(Double.self) }

    /// A point uniform on the sphere of the given radius in ℝ^dimension: a standard Gaussian vector, normalised
    /// (rotation invariance of the Gaussian). Throws `.invalidArgument` for dimension < 1 or a radius that is not
    /// positive and finite.
    public mutating func onSphere(dimension d: Int, radius: Double = 1) throws -> [Double] {
        guard d >= 1 else { throw NumericsError.invalidArgument(operation: "onSphere", detail: "dimension \(d) must be ≥ 1") }
        guard radius > 0, radius.isFinite else { throw NumericsError.invalidArgument(operation: "onSphere", detail: "radius \(radius) must be positive and finite") }
        let (g, norm) = try gaussianDirection(dimension: d)
        return g.map { radius * $0 / norm }
    }

    /// A standard Gaussian vector in ℝ^dimension, redrawn until it is non-zero, with its Euclidean norm: g/‖g‖ is
    /// uniform on the unit sphere. Left unnormalised so that callers scale before they divide (one rounding).
    /// Throws `.invalidArgument` for dimension < 1.
    public mutating func gaussianDirection(dimension d: Int) throws -> (vector: [Double], norm: Double) {
        guard d >= 1 else { throw NumericsError.invalidArgument(operation: "gaussianDirection", detail: "dimension \(d) must be ≥ 1") }
        while true {
            let g = (0..<d).map { _ in normal() }
            let norm = Vector.norm2(g)
            if norm > 0 { return (g, norm) }
        }
    }

    /// k indices drawn i.i.d. uniformly from 0..<n (with replacement); any n up to `Int.max`.
    /// - Throws: `.empty` for n ≤ 0, `.invalidArgument` for k < 0. k = 0 gives [].
    public mutating func sampleWithReplacement(from n: Int, count k: Int) throws -> [Int] {
        guard n > 0 else { throw NumericsError.empty(operation: "sample with replacement") }
        guard k >= 0 else { throw NumericsError.invalidArgument(operation: "sample with replacement", detail: "count \(k) < 0") }
        return try (0..<k).map { _ in try int(below: n) }
    }

    /// k distinct indices from 0..<n, in random order (partial Fisher–Yates: step i swaps
    /// position i with i + int(below: n − i)). Any n up to `Int.max` is allowed: when k is small
    /// next to n, only the displaced positions are kept (in a dictionary), so memory is O(k),
    /// not O(n). Both representations consume the same draws and return the same sample, so the
    /// stream for a seed does not depend on n's size. k = 0 gives [].
    /// - Throws: `.invalidArgument` unless 0 ≤ k ≤ n.
    public mutating func sampleWithoutReplacement(from n: Int, count k: Int) throws -> [Int] {
        guard n >= 0, k >= 0, k <= n else {
            throw NumericsError.invalidArgument(operation: "sample without replacement", detail: "need 0 ≤ count ≤ n, got count \(k), n \(n)")
        }
        // Dense pool when it costs at most a few times the output; sparse otherwise.
        if n <= 4 * k + 64 {
            var pool = Array(0..<n)
            for i in 0..<k {
                let j = i + (try int(below: n - i))
                pool.swapAt(i, j)
            }
            return Array(pool[0..<k])
        }
        // displaced[p] is the value now at position p, for positions that were swapped; every
        // other position p still holds p.
        var displaced = [Int: Int](minimumCapacity: 2 * k)
        var out = [Int]()
        out.reserveCapacity(k)
        for i in 0..<k {
            let j = i + (try int(below: n - i))
            let atI = displaced[i] ?? i
            let atJ = displaced[j] ?? j
            displaced[j] = atI
            out.append(atJ) // position i now holds atJ and is never read again
        }
        return out
    }

    /// A uniformly random permutation of 0..<n (O(n) memory); `.invalidArgument` for n < 0.
    public mutating func permutation(_ n: Int) throws -> [Int] {
        try sampleWithoutReplacement(from: n, count: n)
    }
}
