/// Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix.
/// Backward stable: the computed L satisfies L Lᵀ = A + E with |E| ≤ γ_{n+1}|L||Lᵀ|.
///
/// The factorisation runs on 4^j·A with max |4^j a_ij| ∈ [1, 4), an exact scaling (L scales
/// by 2^j) that commutes with every rounding: entries near the overflow threshold cannot
/// overflow the pivots or the symmetrisation, and tiny or subnormal entries lose no further
/// precision. Results are bit-identical to the unscaled algorithm whenever that one neither
/// overflowed nor underflowed.
public struct Cholesky<T: RealFloat>: Sendable {
    /// Lower-triangular factor of A itself (2^(−j) times the scaled factor). Its entries are of
    /// the order of √|a_ij|, so they are representable for every finite A; only for A with
    /// entries below about the square of the underflow threshold can some round into the
    /// subnormal range. `solve` and `logDeterminant` use the scaled factor and are unaffected.
    public let lower: Matrix<T>
    /// Factor of 4^j·A (row-major).
    @usableFromInline let scaledLower: [T]
    /// j in 4^j·A.
    @usableFromInline let halfExponent: Int

    /// - Throws: `.notSquare`, `.nonFinite` (any NaN or ±∞ entry), `.notSymmetric` (tolerance
    ///   n·ε·‖A‖_F by default, compared in scaled units), `.invalidArgument` (negative or NaN
    ///   tolerance), `.notPositiveDefinite` naming the first column whose pivot is not strictly
    ///   positive — an exactly zero pivot (a singular positive semidefinite matrix) is rejected —
    ///   with that pivot in A's own units. The 0×0 matrix factors to the 0×0 factor.
    @inlinable
    public init(_ matrix: Matrix<T>, symmetryTolerance: T? = nil) throws {
        let a = try matrix.requireSymmetric("cholesky", tolerance: symmetryTolerance)
        let n = a.rows
        // j = ⌈k/2⌉ for the k that puts max |a_ij| in [1, 2): then max |4^j a_ij| ∈ [1, 4).
        let k = Vector.unitRangeExponent(a.maxAbs)
        let j = k >= 0 ? (k + 1) / 2 : -((-k) / 2)
        let s = a.elements.map { Vector.timesPowerOfTwo($0, 2 * j) }
        var l = Array(repeating: T.zero, count: n * n)
        for c in 0..<n {
            var d = s[c * n + c]
            for m in 0..<c { d -= l[c * n + m] * l[c * n + m] }
            guard d > .zero, d.isFinite else {
                throw NumericsError.notPositiveDefinite(column: c, pivot: Double(Vector.timesPowerOfTwo(d, -2 * j)))
            }
            let lcc = d.squareRoot()
            l[c * n + c] = lcc
            for i in (c + 1)..<max(c + 1, n) {
                var t = s[i * n + c]
                for m in 0..<c { t -= l[i * n + m] * l[c * n + m] }
                l[i * n + c] = t / lcc
            }
        }
        self.scaledLower = l
        self.halfExponent = j
        self.lower = try Matrix(rows: n, columns: n, elements: l.map { Vector.timesPowerOfTwo($0, -j) })
    }

    /// Solves A x = b by forward and back substitution on the scaled factor, with b scaled by a
    /// power of two as well (max |b_i| ∈ [1, 2)), so intermediate values stay near the size of
    /// the answer. An empty system gives [].
    /// - Throws: `.dimensionMismatch`; `.nonFinite` for a non-finite entry of b; `.outOfRange`
    ///   when the solution has an entry beyond `greatestFiniteMagnitude` (A nearly singular
    ///   relative to the size of b). Entries of x below the normal range are rounded gradually.
    @inlinable
    public func solve(_ b: [T]) throws -> [T] {
        let n = lower.rows
        guard b.count == n else { throw NumericsError.dimensionMismatch(operation: "cholesky solve", expected: "length \(n)", got: "\(b.count)") }
        try b.requireFinite("cholesky solve")
        let e = Vector.unitRangeExponent(Vector.maxAbs(b))
        var y = b.map { Vector.timesPowerOfTwo($0, e) }
        let l = scaledLower
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= l[i * n + k] * y[k] }
            y[i] = s / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<max(i + 1, n) { s -= l[k * n + i] * y[k] }
            y[i] = s / l[i * n + i]
        }
        // 4^j A z = 2^e b, so x = 2^(2j − e) z.
        let x = y.map { Vector.timesPowerOfTwo($0, 2 * halfExponent - e) }
        for (i, v) in x.enumerated() where !v.isFinite {
            throw NumericsError.outOfRange(operation: "cholesky solve", detail: "solution entry \(i) exceeds the largest finite value")
        }
        return x
    }

    /// log det A = 2 Σ log l_ii (A is positive definite, so the sign is +1), from the scaled
    /// factor: 2 Σ log(2^j l_ii) − 2nj·log 2. Finite for every matrix that factors (no underflow
    /// of tiny pivots, no overflow of the determinant); 0 for the 0×0 matrix.
    @inlinable
    public var logDeterminant: T {
        let n = lower.rows
        var s = T.zero
        for i in 0..<n { s += T.log(scaledLower[i * n + i]) }
        return halfExponent == 0 ? 2 * s : 2 * s - T(2 * n * halfExponent) * T.log(2)
    }
}
