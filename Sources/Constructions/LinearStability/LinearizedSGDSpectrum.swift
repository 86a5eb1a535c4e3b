import Numerics

/// The second-moment operator of linearized SGD in floating point, in the coordinates where H is diagonal: the
/// features are reduced to the range of H through the eigendecomposition of the n × n kernel K = (g_iᵀg_j) — the
/// kernel of H contributes a spurious eigenvalue 1 otherwise — and symmetric matrices get the orthonormal basis
/// {E_jj, (E_jk + E_kj)/√2}, where L_H is diagonal (λ_j + λ_k) and Q_B, T_η are symmetric matrices.
public struct LinearizedSGDSpectrum<T: RealFloat>: Sendable {
    /// Eigenvalues λ_j of H (positive, the kept part of the spectrum).
    public let lambdas: [T]
    /// Reduced features g̃_i ∈ ℝ^rk with g̃_iᵀg̃_j = K_ij and H = diag(λ).
    public let reduced: [[T]]
    public let batch: Int

    /// - Parameter relativeCutoff: eigenvalues of K at most this times the largest count as zero (range(H) only).
    /// Throws for empty or ragged features, B < 1, non-finite values, or H = 0.
    @inlinable
    public init(features: [[T]], batch: Int, relativeCutoff: T) throws {
        guard let p = features.first?.count, p >= 1, !features.isEmpty else { throw NumericsError.empty(operation: "LinearizedSGDSpectrum features") }
        guard features.allSatisfy({ $0.count == p }) else {
            throw NumericsError.dimensionMismatch(operation: "LinearizedSGDSpectrum features", expected: "rows of length \(p)", got: "ragged rows")
        }
        guard batch >= 1 else { throw NumericsError.invalidArgument(operation: "LinearizedSGDSpectrum", detail: "batch size B = \(batch) must be ≥ 1") }
        for row in features { try row.requireFinite("LinearizedSGDSpectrum features") }
        let n = features.count
        var k = try Matrix<T>(rows: n, columns: n)
        for i in 0..<n { for j in 0...i { var s = T.zero; for c in 0..<p { s += features[i][c] * features[j][c] }; k[i, j] = s; k[j, i] = s } }
        let eig = try SymmetricEigendecomposition(k)
        let top = eig.eigenvalues.max() ?? 0
        guard top > 0 else { throw NumericsError.invalidArgument(operation: "LinearizedSGDSpectrum", detail: "every feature is zero (H = 0)") }
        let kept = eig.eigenvalues.indices.filter { eig.eigenvalues[$0] > relativeCutoff * top }.sorted { eig.eigenvalues[$0] > eig.eigenvalues[$1] }
        lambdas = kept.map { eig.eigenvalues[$0] / T(n) }
        reduced = (0..<n).map { i in kept.map { eig.eigenvectors[i, $0] * eig.eigenvalues[$0].squareRoot() } }
        self.batch = batch
    }

    public var rank: Int { lambdas.count }
    public var n: Int { reduced.count }
    public var frobeniusH: T { lambdas.reduce(T.zero) { $0 + $1 * $1 }.squareRoot() }

    @usableFromInline var basis: [(Int, Int)] { (0..<rank).flatMap { j in (j..<rank).map { (j, $0) } } }

    /// Q in the orthonormal basis (symmetric, size rk(rk+1)/2).
    @inlinable
    public func qMatrix(noise: LinearizedSGD.Noise) throws -> Matrix<T> {
        let b = basis, m = b.count
        let root2 = T(2).squareRoot()
        // g̃ᵀB_a g̃ for the orthonormal B_a: g_j² or √2·g_j g_k.
        let quad = reduced.map { g in b.map { $0.0 == $0.1 ? g[$0.0] * g[$0.0] : root2 * g[$0.0] * g[$0.1] } }
        let weightHH = noise == .fullBatch ? T.one : T.one - T.one / T(batch)
        var q = try Matrix<T>(rows: m, columns: m)
        for a in 0..<m {
            for c in a..<m {
                // HB_aH for diagonal H is λ_j λ_k B_a, so ⟨B_a, H B_c H⟩ = λ_j λ_k δ_ac.
                var v = a == c ? weightHH * lambdas[b[a].0] * lambdas[b[a].1] : T.zero
                if noise == .withReplacement {
                    var s = T.zero
                    for i in 0..<n { s += quad[i][a] * quad[i][c] }
                    v += s / (T(batch) * T(n))
                }
                q[a, c] = v; q[c, a] = v
            }
        }
        return q
    }

    /// η_crit = 1/λ_max(D^{-1/2}·Q·D^{-1/2}), D = diag(λ_j + λ_k): the largest stable step.
    @inlinable
    public func criticalStep(noise: LinearizedSGD.Noise) throws -> T {
        let q = try qMatrix(noise: noise)
        let b = basis
        var m = q
        for a in 0..<b.count { for c in 0..<b.count {
            m[a, c] = q[a, c] / ((lambdas[b[a].0] + lambdas[b[a].1]) * (lambdas[b[c].0] + lambdas[b[c].1])).squareRoot()
        } }
        let top = try SymmetricEigendecomposition(m).eigenvalues.max() ?? 0
        return T.one / top
    }

    /// T_η = I − η·D + η²·Q in the orthonormal basis (symmetric).
    @inlinable
    public func operatorMatrix(eta: T, noise: LinearizedSGD.Noise) throws -> Matrix<T> {
        let b = basis
        var t = try qMatrix(noise: noise).scaled(by: eta * eta)
        for a in 0..<b.count { t[a, a] += 1 - eta * (lambdas[b[a].0] + lambdas[b[a].1]) }
        return t
    }

    /// λ_max(T_η) = spectral radius (T_η is self-adjoint and completely positive).
    @inlinable
    public func spectralRadius(eta: T, noise: LinearizedSGD.Noise) throws -> T {
        try SymmetricEigendecomposition(try operatorMatrix(eta: eta, noise: noise)).eigenvalues.max() ?? 0
    }

    /// The coordinates of a symmetric rk × rk matrix in the orthonormal basis, and back.
    @inlinable
    public func svec(_ m: [[T]]) -> [T] { basis.map { $0.0 == $0.1 ? m[$0.0][$0.0] : T(2).squareRoot() * m[$0.0][$0.1] } }

    /// E L = ½Tr(HM) from the coordinates of M (H = diag(λ)).
    @inlinable
    public func expectedLoss(svec v: [T]) -> T {
        var s = T.zero
        for (a, b) in basis.enumerated() where b.0 == b.1 { s += lambdas[b.0] * v[a] }
        return s / 2
    }

    /// μ_min = λ_min(Λ^{-1/2}AΛ^{-1/2})/‖H‖_F² with A = (1/n)Σ χ_i g̃g̃ᵀ − H³ (or without −H³ for μ₁,min).
    @inlinable
    public func alignmentMinimum(withoutGradientTerm: Bool = false) throws -> T {
        let r = rank
        var a = try Matrix<T>(rows: r, columns: r)
        for g in reduced {
            var chi = T.zero
            for j in 0..<r { chi += lambdas[j] * g[j] * g[j] }
            for j in 0..<r { for k in 0..<r { a[j, k] += chi * g[j] * g[k] / T(n) } }
        }
        if !withoutGradientTerm { for j in 0..<r { a[j, j] -= lambdas[j] * lambdas[j] * lambdas[j] } }
        for j in 0..<r { for k in 0..<r { a[j, k] /= (lambdas[j] * lambdas[k]).squareRoot() } }
        let f = frobeniusH
        return (try SymmetricEigendecomposition(a).eigenvalues.min() ?? 0) / (f * f)
    }
}
