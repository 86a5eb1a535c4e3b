/// Eigendecomposition A = Q Λ Qᵀ of a real symmetric matrix by Jacobi's method.
///
/// Two variants, chosen automatically:
///
/// * **Positive definite** A (its Cholesky factorisation A = L Lᵀ succeeds): one-sided Jacobi
///   on the columns of G = Lᵀ, rotating them until they are mutually orthogonal; then
///   G V = U Σ, A = V Σ² Vᵀ. Writing A = D H D with D = diag(√a_ii), the Cholesky factor has
///   componentwise-small backward error and one-sided Jacobi is accurate for column-scaled
///   G = B D, so **every eigenvalue, however small, has relative error O(n·ε·κ(H))** — the
///   small eigenvalues of graded matrices come out with high relative accuracy
///   (Demmel–Veselić). This holds for eigenvalues down to about 2^(−1022)/ε times max |a_ij|
///   (below that, the squares of the scaled entries underflow and the bound becomes absolute).
/// * **Otherwise** (indefinite, semidefinite, or too ill conditioned for Cholesky): cyclic
///   two-sided Jacobi with Rutishauser's rotation formulas. Backward stable —
///   ‖A − QΛQᵀ‖_F = O(n·ε·‖A‖_F), ‖I − QᵀQ‖_F = O(n·ε) — so eigenvalues have *absolute*
///   error O(n·ε·‖A‖); no relative accuracy is claimed for indefinite matrices.
///
/// Both run on 2^k·A with max |2^k a_ij| ∈ [1, 2): the scaling is exact and commutes with
/// every rounding, so entries near the overflow threshold do not overflow, tiny and subnormal
/// entries lose no further precision, and the result for 2^j·A is exactly 2^j times the result
/// for A whenever both are representable. Cost is about 6n³ flops per sweep with 6–10 sweeps;
/// the claims use n ≤ a few hundred.
///
/// Eigenvalues are returned in ascending order; column k of `eigenvectors` belongs to
/// `eigenvalues[k]`.
public struct SymmetricEigendecomposition<T: RealFloat>: Sendable {
    public let eigenvalues: [T]
    public let eigenvectors: Matrix<T>
    /// Number of Jacobi sweeps that were needed.
    public let sweeps: Int

    /// - Parameter symmetryTolerance: largest |a_ij − a_ji| accepted; default n·ε·‖A‖_F
    ///   (compared in scaled units, so it neither overflows nor underflows).
    /// - Throws: `.notSquare`; `.nonFinite` for any NaN or ±∞ entry (non-finite input is never
    ///   decomposed); `.notSymmetric`; `.invalidArgument` for a negative or NaN tolerance;
    ///   `.outOfRange` when an eigenvalue's magnitude exceeds `greatestFiniteMagnitude` (possible
    ///   for finite entries near the overflow threshold, e.g. [[m, m], [m, m]] with m > greatest/2);
    ///   `.noConvergence` after 60 sweeps. The 0×0 matrix gives empty results. Eigenvalues whose
    ///   magnitude is below the subnormal range relative to max |a_ij| are rounded (gradual
    ///   underflow), with absolute error at most half the least subnormal number.
    @inlinable
    public init(_ matrix: Matrix<T>, symmetryTolerance: T? = nil) throws {
        let sym = try matrix.requireSymmetric("symmetric eigendecomposition", tolerance: symmetryTolerance)
        let n = sym.rows
        // Exact power-of-two scaling: max |a_ij| ∈ [1, 2) (see the type's documentation).
        let k = Vector.unitRangeExponent(sym.maxAbs)
        let a = sym.elements.map { Vector.timesPowerOfTwo($0, k) }
        let diag: [T], v: [T], sweeps: Int
        if n > 1, let g = Self.choleskyColumns(a, n: n) {
            (diag, v, sweeps) = try Self.oneSidedJacobi(g, n: n)
        } else {
            (diag, v, sweeps) = try Self.twoSidedJacobi(a, n: n)
        }
        let values = diag.map { Vector.timesPowerOfTwo($0, -k) }
        for (i, lambda) in values.enumerated() where !lambda.isFinite {
            throw NumericsError.outOfRange(operation: "symmetric eigendecomposition",
                                           detail: "eigenvalue \(i) is \(diag[i]) × 2^\(-k), beyond the largest finite value")
        }
        let order = (0..<n).sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var q = try Matrix<T>(rows: n, columns: n)
        for (newCol, oldCol) in order.enumerated() {
            for r in 0..<n { q.elements[r * n + newCol] = v[r * n + oldCol] }
        }
        self.eigenvalues = order.map { values[$0] }
        self.eigenvectors = q
        self.sweeps = sweeps
    }

    /// The columns of G = Lᵀ for the Cholesky factor L of the (scaled, symmetric) row-major
    /// matrix `a`, stored column after column (column j of G is row j of L); nil unless every
    /// pivot is positive and finite, i.e. unless A is numerically positive definite.
    @inlinable
    static func choleskyColumns(_ a: [T], n: Int) -> [T]? {
        var l = Array(repeating: T.zero, count: n * n)
        for j in 0..<n {
            var d = a[j * n + j]
            for k in 0..<j { d -= l[j * n + k] * l[j * n + k] }
            guard d > .zero, d.isFinite else { return nil }
            let ljj = d.squareRoot()
            l[j * n + j] = ljj
            for i in (j + 1)..<n {
                var s = a[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = s / ljj
            }
        }
        return l
    }

    /// One-sided (Hestenes) Jacobi on the columns of G (column-major, n×n): rotates pairs of
    /// columns until each pair is orthogonal to within the relative tolerance n·ε. Returns the
    /// squared column norms (the eigenvalues of GᵀG), the accumulated rotations V (row-major,
    /// eigenvectors in its columns) and the number of sweeps.
    @inlinable
    static func oneSidedJacobi(_ columns: [T], n: Int) throws -> ([T], [T], Int) {
        var g = columns
        let (v, sweep) = try oneSidedJacobiColumns(&g, rows: n, columns: n, operation: "symmetric eigendecomposition")
        var values = [T]()
        values.reserveCapacity(n)
        for j in 0..<n {
            var s = T.zero
            for r in 0..<n { s += g[j * n + r] * g[j * n + r] }
            values.append(s)
        }
        // Transpose V to row-major: entry (r, j) is component r of eigenvector j.
        var vr = Array(repeating: T.zero, count: n * n)
        for j in 0..<n { for r in 0..<n { vr[r * n + j] = v[j * n + r] } }
        return (values, vr, sweep)
    }

    /// Cyclic two-sided Jacobi on the (scaled, symmetric) row-major matrix `a`. Returns the
    /// diagonal, the accumulated rotations (row-major) and the number of sweeps.
    @inlinable
    static func twoSidedJacobi(_ matrix: [T], n: Int) throws -> ([T], [T], Int) {
        var a = matrix
        var v = try Matrix<T>.identity(n).elements
        let eps = T.ulpOfOne
        let normA = Vector.norm2(a)
        // Off-diagonal entries below this absolute level are set to zero: n² of them change A by
        // at most ε‖A‖_F in Frobenius norm, inside the O(nε‖A‖) backward error. (This absolute
        // test is why this variant promises absolute, not relative, accuracy.)
        let absoluteFloor = eps * normA / T(Swift.max(n, 1))
        let maxSweeps = 60
        var sweep = 0
        while true {
            var rotated = false
            if n > 1 {
                for p in 0..<(n - 1) {
                    for q in (p + 1)..<n {
                        let apq = a[p * n + q]
                        if apq == .zero { continue }
                        let app = a[p * n + p], aqq = a[q * n + q]
                        let relative = eps * (abs(app) * abs(aqq)).squareRoot()
                        if abs(apq) <= relative || abs(apq) <= absoluteFloor {
                            a[p * n + q] = .zero
                            a[q * n + p] = .zero
                            continue
                        }
                        rotated = true
                        Self.rotate(&a, &v, n: n, p: p, q: q)
                    }
                }
            }
            if !rotated { break }
            sweep += 1
            if sweep >= maxSweeps { throw NumericsError.noConvergence(operation: "symmetric eigendecomposition", iterations: sweep) }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v, sweep)
    }

    /// One Jacobi rotation annihilating a[p,q] (p < q), applied to A on both sides and to V on the right.
    @inlinable
    static func rotate(_ a: inout [T], _ v: inout [T], n: Int, p: Int, q: Int) {
        let apq = a[p * n + q]
        let app = a[p * n + p], aqq = a[q * n + q]
        let theta = (aqq - app) / (2 * apq)
        // t = tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0.
        let t: T
        if abs(theta) > 1 / T.ulpOfOne {
            t = 1 / (2 * theta)
        } else {
            let r = (theta * theta + 1).squareRoot()
            t = (theta >= 0 ? 1 : -1) / (abs(theta) + r)
        }
        let c = 1 / (t * t + 1).squareRoot()
        let s = t * c
        let tau = s / (1 + c)
        a[p * n + p] = app - t * apq
        a[q * n + q] = aqq + t * apq
        a[p * n + q] = .zero
        a[q * n + p] = .zero
        for r in 0..<n where r != p && r != q {
            let g = a[r * n + p], h = a[r * n + q]
            let gNew = g - s * (h + g * tau)
            let hNew = h + s * (g - h * tau)
            a[r * n + p] = gNew
            a[p * n + r] = gNew
            a[r * n + q] = hNew
            a[q * n + r] = hNew
        }
        for r in 0..<n {
            let g = v[r * n + p], h = v[r * n + q]
            v[r * n + p] = g - s * (h + g * tau)
            v[r * n + q] = h + s * (g - h * tau)
        }
    }

    /// Q Λ Qᵀ rebuilt from the factors. Plain products: entries overflow to ±∞ when the
    /// eigenvalues are near the overflow threshold, and round into the subnormal grid for tiny
    /// ones — use `residualRatios(for:)` to measure accuracy at any scale.
    @inlinable
    public func reconstructed() throws -> Matrix<T> {
        let q = eigenvectors
        let ql = try q.multiplied(by: Matrix.diagonal(eigenvalues))
        return try ql.multiplied(by: q.transposed)
    }

    /// LAPACK-style residual ratios ‖A − QΛQᵀ‖_F / (n·ε·max(‖A‖_F, s)) and ‖I − QᵀQ‖_F / (n·ε),
    /// with s = `T.leastNormalMagnitude` (the safe minimum). LAPACK's test suite accepts both
    /// below 60.
    ///
    /// Computed on 2^k·A and 2^k·Λ (max |2^k a_ij| ∈ [1, 2), an exact scaling), so neither the
    /// residual nor ‖A‖_F nor n·ε·‖A‖_F can overflow or underflow for any finite A: the ratio is
    /// finite and scale invariant. Limit of the guarantee: it is relative to ‖A‖_F when
    /// ‖A‖_F ≥ s and becomes absolute, in units of n·ε·s, below it — there the eigenvalues are
    /// themselves rounded to the subnormal grid (absolute error ≤ half the least subnormal),
    /// which no relative bound can cover. A = 0 gives 0 when Λ = 0.
    /// - Throws: `.dimensionMismatch` unless `a` is n×n for the n of this decomposition;
    ///   `.nonFinite` for a non-finite entry of `a`.
    @inlinable
    public func residualRatios(for a: Matrix<T>) throws -> (decomposition: T, orthogonality: T) {
        try symmetricEigenResidualRatios(a, eigenvalues: eigenvalues, eigenvectors: eigenvectors)
    }
}
