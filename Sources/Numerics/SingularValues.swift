/// One-sided (Hestenes) Jacobi on the `n` columns of length `m` stored column after column in
/// `g`: rotates pairs of columns until every pair is orthogonal to within the relative tolerance
/// m·ε (a computed dot product of two length-m columns carries an absolute error of about
/// m·ε·‖g_p‖‖g_q‖; below that, g_pᵀg_q is rounding noise). On return the columns of `g` are
/// G·V, mutually orthogonal; returns V (n×n, column-major) and the number of sweeps.
/// - Throws: `.noConvergence` (naming `operation`) after 60 sweeps.
@inlinable
func oneSidedJacobiColumns<T: RealFloat>(_ g: inout [T], rows m: Int, columns n: Int, operation: String) throws -> ([T], Int) {
    var v = Array(repeating: T.zero, count: n * n)
    for i in 0..<n { v[i * n + i] = .one }
    guard n > 1 else { return (v, 0) }
    let tol = T(m) * T.ulpOfOne
    let maxSweeps = 60
    var sweep = 0
    while true {
        var rotated = false
        for p in 0..<(n - 1) {
            for q in (p + 1)..<n {
                var alpha = T.zero, beta = T.zero, gamma = T.zero
                for r in 0..<m {
                    let x = g[p * m + r], y = g[q * m + r]
                    alpha += x * x
                    beta += y * y
                    gamma += x * y
                }
                if gamma == .zero || abs(gamma) <= tol * alpha.squareRoot() * beta.squareRoot() { continue }
                rotated = true
                // Rotation diagonalising [[α, γ], [γ, β]]: cot 2θ = ζ, t = tan θ the smaller root.
                let zeta = (beta - alpha) / (2 * gamma)
                let t: T
                if abs(zeta) > 1 / T.ulpOfOne {
                    t = 1 / (2 * zeta)
                } else {
                    t = (zeta >= 0 ? 1 : -1) / (abs(zeta) + (zeta * zeta + 1).squareRoot())
                }
                let c = 1 / (t * t + 1).squareRoot()
                let s = t * c
                for r in 0..<m {
                    let x = g[p * m + r], y = g[q * m + r]
                    g[p * m + r] = c * x - s * y
                    g[q * m + r] = s * x + c * y
                }
                for r in 0..<n {
                    let vx = v[p * n + r], vy = v[q * n + r]
                    v[p * n + r] = c * vx - s * vy
                    v[q * n + r] = s * vx + c * vy
                }
            }
        }
        if !rotated { break }
        sweep += 1
        if sweep >= maxSweeps { throw NumericsError.noConvergence(operation: operation, iterations: sweep) }
    }
    return (v, sweep)
}

/// Thin singular value decomposition A = U Σ Vᵀ of a real m×n matrix by one-sided Jacobi.
///
/// For m ≥ n the columns of A are rotated pairwise until orthogonal (relative test m·ε), giving
/// A V = U Σ; for m < n the same is done for Aᵀ. Runs on 2^k·A with max |2^k a_ij| ∈ [1, 2)
/// (exact), so entries near overflow or in the subnormal range are handled. Accuracy: backward
/// stable, ‖A − UΣVᵀ‖_F = O(max(m,n)·ε·‖A‖_F), ‖I − UᵀU‖, ‖I − VᵀV‖ = O(m·ε); one-sided Jacobi
/// also gives small singular values of column-scaled matrices with high relative accuracy.
/// Cost: about 2mn² + 2n³ flops per sweep, 5–10 sweeps: for small and medium matrices.
///
/// With p = min(m, n): `u` is m×p, `v` is n×p, `singularValues` has p entries in descending
/// order. Columns of `u` for zero singular values complete it to an orthonormal set.
public struct SingularValueDecomposition<T: RealFloat>: Sendable {
    public let u: Matrix<T>
    public let singularValues: [T]
    public let v: Matrix<T>
    public let sweeps: Int

    /// - Throws: `.nonFinite` for a NaN or ±∞ entry; `.outOfRange` when a singular value exceeds
    ///   `greatestFiniteMagnitude`; `.noConvergence` after 60 sweeps. Empty matrices (m = 0 or
    ///   n = 0) give empty factors.
    @inlinable
    public init(_ a: Matrix<T>) throws {
        let operation = "singular value decomposition"
        try a.elements.requireFinite(operation)
        let transpose = a.rows < a.columns
        let b = transpose ? a.transposed : a
        let m = b.rows, n = b.columns
        let k = Vector.unitRangeExponent(b.maxAbs)
        // Columns of 2^k·B, one after the other.
        var g = [T](repeating: .zero, count: m * n)
        for i in 0..<m { for j in 0..<n { g[j * m + i] = Vector.timesPowerOfTwo(b.elements[i * n + j], k) } }
        let (vcols, sweeps) = try oneSidedJacobiColumns(&g, rows: m, columns: n, operation: operation)
        let norms = (0..<n).map { j in Vector.norm2(Array(g[(j * m)..<((j + 1) * m)])) }
        let order = (0..<n).sorted { norms[$0] > norms[$1] || (norms[$0] == norms[$1] && $0 < $1) }
        var sigma = [T]()
        var left = try Matrix<T>(rows: m, columns: n)
        var right = try Matrix<T>(rows: n, columns: n)
        var completed = [Int]()
        for (col, j) in order.enumerated() {
            let s = Vector.timesPowerOfTwo(norms[j], -k)
            guard s.isFinite else {
                throw NumericsError.outOfRange(operation: operation, detail: "singular value \(norms[j]) × 2^\(-k) exceeds the largest finite value")
            }
            sigma.append(s)
            for r in 0..<n { right[r, col] = vcols[j * n + r] }
            if norms[j] > .zero {
                for r in 0..<m { left[r, col] = g[j * m + r] / norms[j] }
            } else {
                completed.append(col)
            }
        }
        Self.complete(&left, columns: completed)
        if transpose {
            self.u = right
            self.v = left
        } else {
            self.u = left
            self.v = right
        }
        self.singularValues = sigma
        self.sweeps = sweeps
    }

    /// Fills the listed (zero) columns of `q` with unit vectors orthogonal to all other columns:
    /// coordinate vectors, Gram–Schmidt twice, keeping the first that retains at least half its norm.
    @inlinable
    static func complete(_ q: inout Matrix<T>, columns: [Int]) {
        let m = q.rows
        var candidate = 0
        for col in columns {
            while candidate < m {
                var e = [T](repeating: .zero, count: m)
                e[candidate] = .one
                candidate += 1
                for _ in 0..<2 {
                    for other in 0..<q.columns where other != col {
                        var d = T.zero
                        for r in 0..<m { d += q[r, other] * e[r] }
                        for r in 0..<m { e[r] -= d * q[r, other] }
                    }
                }
                let norm = Vector.norm2(e)
                if norm >= T(0.5) {
                    for r in 0..<m { q[r, col] = e[r] / norm }
                    break
                }
            }
        }
    }

    /// LAPACK-style residual ratios: ‖A − UΣVᵀ‖_F / (max(m,n)·ε·max(‖A‖_F, s)) (s the safe
    /// minimum), ‖I − UᵀU‖_F / (m·ε) and ‖I − VᵀV‖_F / (n·ε). Computed on the exactly rescaled
    /// 2^k·A and 2^k·Σ, so scale invariant. LAPACK's tests accept values below 60.
    /// - Throws: `.dimensionMismatch` unless `a` has this decomposition's shape; `.nonFinite`.
    @inlinable
    public func residualRatios(for a: Matrix<T>) throws -> (decomposition: T, leftOrthogonality: T, rightOrthogonality: T) {
        guard a.rows == u.rows, a.columns == v.rows else {
            throw NumericsError.dimensionMismatch(operation: "SVD residual ratios", expected: "\(u.rows)×\(v.rows)", got: "\(a.rows)×\(a.columns)")
        }
        try a.elements.requireFinite("SVD residual ratios")
        let k = Vector.unitRangeExponent(a.maxAbs)
        let scaledA = try Matrix(rows: a.rows, columns: a.columns, elements: a.elements.map { Vector.timesPowerOfTwo($0, k) })
        let sigma = Matrix.diagonal(singularValues.map { Vector.timesPowerOfTwo($0, k) })
        let rebuilt = try u.multiplied(by: sigma).multiplied(by: v.transposed)
        let eps = T.ulpOfOne
        let floor = Vector.timesPowerOfTwo(T.leastNormalMagnitude, k)
        let big = T(Swift.max(a.rows, a.columns, 1))
        let dec = try scaledA.subtracting(rebuilt).frobeniusNorm / Swift.max(scaledA.frobeniusNorm, floor) / (big * eps)
        let lu = try u.transposed.multiplied(by: u).subtracting(Matrix.identity(u.columns)).frobeniusNorm / (T(Swift.max(a.rows, 1)) * eps)
        let lv = try v.transposed.multiplied(by: v).subtracting(Matrix.identity(v.columns)).frobeniusNorm / (T(Swift.max(a.columns, 1)) * eps)
        return (dec, lu, lv)
    }
}

/// Principal angles between the column spaces of two matrices with orthonormal columns.
public enum PrincipalAngles {
    /// The min(p, q) principal angles 0 ≤ θ₁ ≤ θ₂ ≤ … ≤ π/2 between span(U) and span(V), for n×p U
    /// and n×q V with orthonormal columns.
    ///
    /// The cosines are the singular values of UᵀV; but cos θ = 1 − θ²/2 loses every digit of an
    /// angle below √ε (cos 1e-10 rounds to 1). So, with p ≥ q (swapping U and V if needed), the
    /// sines are also computed, as the singular values of (I − UUᵀ)V (projection applied twice,
    /// which keeps it accurate), and θ = arcsin(sin θ) is used for angles below π/4, arccos(cos θ)
    /// above: each angle has absolute error O(n·ε), i.e. small angles keep their relative accuracy
    /// down to the level at which the rounding of U and V themselves decides them.
    ///
    /// - Parameter tolerance: largest ‖I − UᵀU‖_F (and ‖I − VᵀV‖_F) accepted; default 100·n·ε.
    /// - Throws: `.dimensionMismatch` when U and V have different numbers of rows; `.nonFinite`;
    ///   `.invalidArgument` when a matrix's columns are not orthonormal to the tolerance.
    ///   No columns on either side: no angles.
    @inlinable
    public static func between<T: TrigonometricFloat>(_ u: Matrix<T>, _ v: Matrix<T>, tolerance: T? = nil) throws -> [T] {
        let operation = "principal angles"
        guard u.rows == v.rows else {
            throw NumericsError.dimensionMismatch(operation: operation, expected: "\(u.rows) rows", got: "\(v.rows)")
        }
        try u.elements.requireFinite(operation)
        try v.elements.requireFinite(operation)
        let n = u.rows
        let tol = tolerance ?? T(100 * Swift.max(n, 1)) * T.ulpOfOne
        for (name, m) in [("U", u), ("V", v)] {
            let defect = try m.transposed.multiplied(by: m).subtracting(Matrix.identity(m.columns)).frobeniusNorm
            guard defect <= tol else {
                throw NumericsError.invalidArgument(operation: operation, detail: "\(name) does not have orthonormal columns (‖I − \(name)ᵀ\(name)‖_F = \(defect) > \(tol))")
            }
        }
        let (big, small) = u.columns >= v.columns ? (u, v) : (v, u)
        let q = small.columns
        guard q > 0 else { return [] }
        let cosines = try SingularValueDecomposition(big.transposed.multiplied(by: small)).singularValues // descending
        // W = (I − UUᵀ)V, projected twice: the second pass removes what rounding left of span(U).
        var w = small
        for _ in 0..<2 {
            let c = try big.transposed.multiplied(by: w)
            w = try w.subtracting(big.multiplied(by: c))
        }
        let sines = try SingularValueDecomposition(w).singularValues.reversed() as [T] // ascending
        let limit = T(0.5).squareRoot()
        var angles = [T]()
        for i in 0..<q {
            let s = Swift.min(sines[i], .one), c = Swift.min(cosines[i], .one)
            angles.append(s < limit ? T.arcSine(s) : T.arcCosine(c))
        }
        return angles.sorted() // the switch between the two formulas must not break the order
    }
}
