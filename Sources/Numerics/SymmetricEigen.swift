/// Eigendecomposition A = Q Λ Qᵀ of a real symmetric matrix by the cyclic Jacobi method.
///
/// Jacobi is chosen for accuracy over speed: with the rotation formulas of Rutishauser it is
/// backward stable, ‖A − QΛQᵀ‖_F = O(n·ε·‖A‖_F) and ‖I − QᵀQ‖_F = O(n·ε), and it delivers
/// small eigenvalues of graded matrices with high relative accuracy. Cost is about
/// 6n³ flops per sweep with 6–10 sweeps; the claims use n ≤ a few hundred.
///
/// Eigenvalues are returned in ascending order; column k of `eigenvectors` belongs to
/// `eigenvalues[k]`.
public struct SymmetricEigendecomposition<T: RealFloat>: Sendable {
    public let eigenvalues: [T]
    public let eigenvectors: Matrix<T>
    /// Number of Jacobi sweeps that were needed.
    public let sweeps: Int

    /// - Parameter symmetryTolerance: largest |a_ij − a_ji| accepted; default n·ε·‖A‖_F.
    /// - Throws: `.notSquare`, `.nonFinite`, `.notSymmetric`, `.noConvergence` (after 60 sweeps).
    @inlinable
    public init(_ matrix: Matrix<T>, symmetryTolerance: T? = nil) throws {
        let sym = try matrix.requireSymmetric("symmetric eigendecomposition", tolerance: symmetryTolerance)
        let n = sym.rows
        // Scale by a power of two so that max |a_ij| ∈ [1, 2): exact (barring subnormal entries),
        // and it keeps (a_qq − a_pp)/(2a_pq) and the rotation updates from overflowing when the
        // entries are near the ends of the exponent range. Eigenvalues are scaled back exactly.
        let maxAbs = sym.maxAbs
        let limit = T.greatestFiniteMagnitude.exponent
        let shift = maxAbs > .zero ? Swift.min(Swift.max(-maxAbs.exponent, -limit), limit) : 0
        let scale = T(sign: .plus, exponent: shift, significand: 1)
        let unscale = T(sign: .plus, exponent: -shift, significand: 1)
        var a = sym.elements.map { $0 * scale }
        var v = try Matrix<T>.identity(n).elements
        let eps = T.ulpOfOne
        let normA = Vector.norm2(a)
        // Off-diagonal entries below this absolute level are set to zero: n² of them change A by
        // at most ε‖A‖_F in Frobenius norm, inside the O(nε‖A‖) backward error.
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
                        // Relative test (Demmel–Veselić) keeps small eigenvalues accurate.
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
        let diag = (0..<n).map { a[$0 * n + $0] * unscale }
        let order = (0..<n).sorted { diag[$0] < diag[$1] || (diag[$0] == diag[$1] && $0 < $1) }
        var q = try Matrix<T>(rows: n, columns: n)
        for (newCol, oldCol) in order.enumerated() {
            for r in 0..<n { q.elements[r * n + newCol] = v[r * n + oldCol] }
        }
        self.eigenvalues = order.map { diag[$0] }
        self.eigenvectors = q
        self.sweeps = sweep
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

    /// Q Λ Qᵀ rebuilt from the factors (for residual checks).
    @inlinable
    public func reconstructed() throws -> Matrix<T> {
        let q = eigenvectors
        let ql = try q.multiplied(by: Matrix.diagonal(eigenvalues))
        return try ql.multiplied(by: q.transposed)
    }

    /// LAPACK-style residual ratios: ‖A − QΛQᵀ‖_F / (n·ε·‖A‖_F) and ‖I − QᵀQ‖_F / (n·ε).
    /// LAPACK's test suite accepts both below 60. A zero matrix reports 0 for the first ratio.
    @inlinable
    public func residualRatios(for a: Matrix<T>) throws -> (decomposition: T, orthogonality: T) {
        let n = T(Swift.max(a.rows, 1))
        let eps = T.ulpOfOne
        let r = try a.subtracting(reconstructed()).frobeniusNorm
        let normA = a.frobeniusNorm
        let decomposition = normA == .zero ? r : r / (n * eps * normA)
        let qtq = try eigenvectors.transposed.multiplied(by: eigenvectors)
        let orth = try qtq.subtracting(Matrix.identity(a.rows)).frobeniusNorm / (n * eps)
        return (decomposition, orth)
    }
}
