import Numerics

/// Numbered catalogue of hostile input types, in the manner of the numbered matrix types of
/// LAPACK's test drivers. Every hostile-input test names the type and the seed it used, so a
/// failure reads "type 2 (above half the overflow threshold), n 5, seed 1003" and can be replayed
/// by calling `Hostile.matrix` with the same arguments.
enum HostileType: Int, CaseIterable, CustomStringConvertible {
    /// Type 1: the control — max |a_ij| in [1, 2), nothing extreme.
    case moderate = 1
    /// Type 2: max |a_ij| in [2^1023, 2^1024), above half the largest Double: a + b, ‖A‖_F,
    /// n·ε·‖A‖_F and elimination updates overflow unless the algorithm scales first.
    case aboveHalfOverflow = 2
    /// Type 3: max |a_ij| in [2^-1000, 2^-999): normal entries whose squares, products and
    /// n·ε·‖A‖ underflow.
    case nearUnderflow = 3
    /// Type 4: every entry subnormal (small integers times 2^-1064, so the data are exact).
    case subnormal = 4
    /// Type 5: graded D H D with D spanning hundreds of binades (relative accuracy).
    case graded = 5
    /// Type 6: a NaN entry.
    case nan = 6
    /// Type 7: an infinite entry.
    case infinity = 7
    /// Type 8: the zero matrix (norms vanish: ratios must not become 0/0).
    case zero = 8
    /// Type 9: exactly singular, a zero pivot (positive semidefinite of rank n − 1).
    case zeroPivot = 9
    /// Type 10: integer extremes — element counts above Int.max, populations near Int.max,
    /// 128-bit partial sums that overflow while the total fits.
    case integerExtreme = 10
    /// Type 11: statistics and intervals near ±greatestFiniteMagnitude (sums and squares overflow).
    case extremeSample = 11
    /// Type 12: mutant detectors — inputs on which a plausible wrong implementation (modulo
    /// bias, half-range uniform, 1/n variance, extrapolating quantile, zero Cholesky pivot,
    /// interval square without outward rounding) gives a different answer than the right one.
    case mutantDetector = 12

    var description: String {
        switch self {
        case .moderate: return "type 1 (moderate)"
        case .aboveHalfOverflow: return "type 2 (above half the overflow threshold)"
        case .nearUnderflow: return "type 3 (near the underflow threshold)"
        case .subnormal: return "type 4 (subnormal)"
        case .graded: return "type 5 (graded)"
        case .nan: return "type 6 (NaN)"
        case .infinity: return "type 7 (infinity)"
        case .zero: return "type 8 (zero)"
        case .zeroPivot: return "type 9 (zero pivot)"
        case .integerExtreme: return "type 10 (integer extremes)"
        case .extremeSample: return "type 11 (extreme samples)"
        case .mutantDetector: return "type 12 (mutant detector)"
        }
    }

    /// The scaling types: the matrix is an exact power-of-two multiple 2^k·B of a moderate B
    /// (types 1–3), or rounded into the subnormal range (type 4).
    static let scaled: [HostileType] = [.moderate, .aboveHalfOverflow, .nearUnderflow, .subnormal]

    /// The power of two k that maps max |b_ij| ∈ [1, 2) into this type's range.
    var exponent: Int {
        switch self {
        case .aboveHalfOverflow: return 1023
        case .nearUnderflow: return -1000
        case .subnormal: return -1064
        default: return 0
        }
    }
}

/// Structure of a generated test matrix.
enum HostileShape: String, CustomStringConvertible {
    case symmetricIndefinite, positiveDefinite, general
    var description: String { rawValue }
}

enum Hostile {
    /// 2^k, also outside the normal exponent range of a single literal.
    static func pow2(_ k: Int) -> Double { Double(sign: .plus, exponent: k, significand: 1) }

    /// A moderate matrix B with max |b_ij| ∈ [1, 2) and entries that are multiples of 2^-10
    /// with |b_ij| < 2 (so 2^k·B is exact for every type, including subnormal: 11 significant
    /// bits fit above 2^-1074 when k = -1064). Shapes: symmetric indefinite, symmetric positive
    /// definite (diagonally dominant, condition number ≤ 3), or general (diagonally dominant,
    /// well conditioned).
    static func base(_ n: Int, _ shape: HostileShape, seed: UInt64) throws -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        var b = try Matrix<Double>(rows: n, columns: n)
        // Off-diagonal entries in [-0.25, 0.25)/n·(multiple of 2^-10); diagonals 1 + … so the
        // matrix is strictly diagonally dominant by a factor ≥ 2.
        func off() throws -> Double { Double(try rng.int(below: 512) - 256) / 1024 / Double(max(n, 1)) }
        for i in 0..<n {
            for j in 0..<n where i != j {
                if shape == .general || j > i {
                    // Round to a multiple of 2^-10 so the subnormal image is exact.
                    let v = (try off() * 1024).rounded() / 1024
                    b[i, j] = v
                    if shape != .general { b[j, i] = v }
                }
            }
            let d = 1 + Double(try rng.int(below: 512)) / 1024 // [1, 1.5)
            let sign: Double = shape == .symmetricIndefinite && i % 2 == 1 ? -1 : 1
            b[i, i] = sign * d
        }
        return b
    }

    /// The hostile image of `base` for a scaling type: exactly 2^k·B (types 1–4).
    static func matrix(_ type: HostileType, n: Int, shape: HostileShape, seed: UInt64) throws -> Matrix<Double> {
        let b = try base(n, shape, seed: seed)
        switch type {
        case .moderate, .aboveHalfOverflow, .nearUnderflow, .subnormal:
            return b.scaled(by: pow2(type.exponent))
        case .nan:
            var a = b; a[n / 2, n / 2] = .nan; return a
        case .infinity:
            var a = b; a[n - 1, 0] = .infinity; if shape != .general { a[0, n - 1] = .infinity }; return a
        case .zero:
            return try Matrix(rows: n, columns: n)
        default:
            return b
        }
    }

    /// A random vector whose entries are multiples of 2^-10 in [-1, 1), scaled by 2^k.
    static func vector(_ n: Int, exponent k: Int, seed: UInt64) throws -> [Double] {
        var rng = SeededGenerator(seed: seed ^ 0xABCD)
        return try (0..<n).map { _ in Double(try rng.int(below: 2048) - 1024) / 1024 * pow2(k) }
    }

    /// Context string for failure messages: enough to replay the case.
    static func context(_ type: HostileType, n: Int, shape: HostileShape, seed: UInt64) -> String {
        "\(type), \(shape), n \(n), seed \(seed)"
    }
}

/// ‖A − B‖_F / (n·ε·‖A‖_F) computed after scaling both by the same power of two so that
/// max |a_ij| ∈ [1, 2): independent of the library's own ratio helpers, and free of overflow
/// and underflow for every scaling type. For A = 0 the denominator floor is the safe minimum.
func scaledResidualRatio<T: RealFloat>(_ a: Matrix<T>, _ b: Matrix<T>) throws -> T {
    var m = T.zero
    for v in a.elements { m = Swift.max(m, abs(v)) }
    let k = m > .zero ? -Int(m.exponent) : 0
    let sa = a.elements.map { T(sign: .plus, exponent: T.Exponent(k), significand: $0) }
    let sb = b.elements.map { T(sign: .plus, exponent: T.Exponent(k), significand: $0) }
    var r = T.zero, na = T.zero
    for i in 0..<sa.count { let d = sa[i] - sb[i]; r += d * d; na += sa[i] * sa[i] }
    let n = T(Swift.max(a.rows, 1))
    return r.squareRoot() / (n * T.ulpOfOne * Swift.max(na.squareRoot(), T.leastNormalMagnitude))
}
