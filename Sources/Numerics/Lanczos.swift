/// The end of the spectrum that `LanczosEigensolver` looks for.
public enum SpectrumEnd: Sendable, Equatable {
    case largest
    case smallest
}

/// One Ritz pair of `LanczosEigensolver` with its a-posteriori error bounds.
public struct RitzPair<T: RealFloat>: Sendable {
    /// The Ritz value θ = yᵀAy.
    public let value: T
    /// The unit Ritz vector y.
    public let vector: [T]
    /// r = ‖A y − θ y‖, recomputed with one extra operator application (not the recurrence's
    /// estimate). Some eigenvalue λ of A satisfies |θ − λ| ≤ r (for symmetric A, always).
    public let residualNorm: T
    /// δ = min over the other Ritz values μ of |μ − θ| − ρ_μ (ρ_μ the recurrence's residual
    /// estimate for μ, zero on the whole space): a lower bound for the distance from θ to every *other* eigenvalue of A, provided the
    /// eigenvalues of A near θ have all been found as Ritz values (true once the Krylov space
    /// resolves that part of the spectrum; not guaranteed for eigenvalues of higher multiplicity).
    /// nil when δ ≤ r (no gap to speak of).
    public let gap: T?
    /// r²/δ when `gap` is known: then |θ − λ| ≤ r²/δ (the quadratic, gap-based bound), usually
    /// far smaller than r.
    public let quadraticBound: T?

    @inlinable
    init(value: T, vector: [T], residualNorm: T, gap: T?, quadraticBound: T?) {
        self.value = value
        self.vector = vector
        self.residualNorm = residualNorm
        self.gap = gap
        self.quadraticBound = quadraticBound
    }

    /// min(r, r²/δ): the bound to quote.
    public var errorBound: T { quadraticBound.map { Swift.min($0, residualNorm) } ?? residualNorm }
}

/// Lanczos iteration with full reorthogonalisation for the k largest or smallest eigenpairs of
/// a symmetric operator known only through its product with a vector.
///
/// From a seeded random unit vector v₁ it builds an orthonormal basis V_j of the Krylov space
/// span{v₁, Av₁, …, A^{j−1}v₁} and the tridiagonal T_j = V_jᵀ A V_j; each new vector is
/// orthogonalised against *all* previous ones twice (classical Gram–Schmidt, repeated), so V_j
/// stays orthonormal to O(ε) and no spurious copies of converged Ritz values appear. The Ritz
/// pairs (θ, V_j s) of T_j's eigenpairs (θ, s) have residual β_j·|s_j|; the iteration stops when
/// the k wanted ones are below `tolerance`, and the returned residuals are then recomputed as
/// ‖A y − θ y‖ with one more product each. An invariant subspace (β_j ≈ 0) restarts the
/// recurrence from a fresh random vector orthogonal to V_j.
///
/// Cost: j products with A, O(n·j²) for the reorthogonalisation, O(j³) per Ritz extraction
/// (every step up to j = 50, every fifth step after). Limitation of a single start vector: of a
/// multiple eigenvalue only one copy is found before the recurrence breaks down, so ask for
/// more pairs than the multiplicity you expect, or use the dense solver.
public struct LanczosEigensolver<T: RealFloat>: Sendable {
    /// The k wanted Ritz pairs, eigenvalues in ascending order.
    public let pairs: [RitzPair<T>]
    /// Dimension of the Krylov space built (number of operator applications, not counting the k
    /// used to recompute the residuals).
    public let iterations: Int

    /// - Parameters:
    ///   - dimension: n, the length of the vectors the operator acts on.
    ///   - count: k, the number of eigenpairs wanted (0…n).
    ///   - end: `.largest` or `.smallest`.
    ///   - tolerance: stop when every wanted Ritz pair has ‖A y − θ y‖ ≤ tolerance; default
    ///     10·n·ε·‖T_j‖ (‖T_j‖ ≤ ‖A‖ estimated by the largest |θ|), a level the rounding of the
    ///     products themselves reaches.
    ///   - maxIterations: largest Krylov dimension (default n: the whole space, where the Ritz
    ///     pairs are exact).
    ///   - seed: seed of the `SeededGenerator` that draws the start vector.
    ///   - apply: v ↦ A v for a symmetric A; must return n finite numbers.
    /// - Throws: `.invalidArgument` for n < 0, k outside 0…n, a negative or NaN tolerance or
    ///   maxIterations < 1; `.dimensionMismatch` when `apply` returns a vector of another length;
    ///   `.nonFinite` when it returns NaN or ±∞; `.noConvergence` when the residuals are still above
    ///   the tolerance after maxIterations steps; whatever `apply` throws.
    @inlinable
    public init(dimension n: Int, count k: Int, end: SpectrumEnd, tolerance: T? = nil, maxIterations: Int? = nil,
                seed: UInt64, apply: ([T]) throws -> [T]) throws {
        let operation = "Lanczos"
        guard n >= 0 else { throw NumericsError.invalidArgument(operation: operation, detail: "dimension \(n) < 0") }
        guard k >= 0, k <= n else { throw NumericsError.invalidArgument(operation: operation, detail: "asked for \(k) eigenpairs of an operator on \(n)-vectors") }
        if let t = tolerance, t.isNaN || t < .zero { throw NumericsError.invalidArgument(operation: operation, detail: "tolerance \(t) must be ≥ 0") }
        let limit = Swift.min(n, maxIterations ?? n)
        if let m = maxIterations, m < 1 { throw NumericsError.invalidArgument(operation: operation, detail: "maxIterations \(m) must be ≥ 1") }
        guard k > 0 else { self.pairs = []; self.iterations = 0; return }
        func product(_ v: [T]) throws -> [T] {
            let w = try apply(v)
            guard w.count == n else { throw NumericsError.dimensionMismatch(operation: operation, expected: "a product of length \(n)", got: "\(w.count)") }
            try w.requireFinite(operation)
            return w
        }
        var rng = SeededGenerator(seed: seed)
        var basis = [[T]]()
        var alpha = [T](), beta = [T]()
        var v = Self.randomUnitVector(n, orthogonalTo: basis, &rng) ?? [T](repeating: .zero, count: n)
        var normEstimate = T.zero
        var converged = false
        var lastBeta = T.zero
        var j = 0
        while j < limit {
            basis.append(v)
            var w = try product(v)
            let a = Self.dot(v, w)
            alpha.append(a)
            for i in 0..<n { w[i] -= a * v[i] }
            if j > 0, let b = beta.last { let prev = basis[j - 1]; for i in 0..<n { w[i] -= b * prev[i] } }
            // Full reorthogonalisation, twice: rounding in one pass leaves O(ε·‖w_before‖) behind.
            Self.orthogonalise(&w, against: basis)
            Self.orthogonalise(&w, against: basis)
            let b = Vector.norm2(w)
            lastBeta = b
            normEstimate = Swift.max(normEstimate, abs(a) + b + (beta.last ?? .zero))
            j += 1
            if j >= k && (j == limit || j <= 50 || j % 5 == 0) {
                let (_, vectors) = try Self.ritz(alpha, beta, count: k, end: end)
                let tol = tolerance ?? T(10 * n) * T.ulpOfOne * normEstimate
                if vectors.allSatisfy({ abs(b * $0[j - 1]) <= tol }) { converged = true; break }
            }
            if j == limit { break }
            if b <= T.ulpOfOne * normEstimate {
                // Invariant subspace: continue from a fresh direction (T_j splits, β_j = 0).
                guard let fresh = Self.randomUnitVector(n, orthogonalTo: basis, &rng) else { break }
                beta.append(.zero)
                v = fresh
            } else {
                beta.append(b)
                v = w.map { $0 / b }
            }
        }
        // Short of the whole space, unconverged pairs are an error; on the whole space they are exact.
        if !converged && j < n { throw NumericsError.noConvergence(operation: operation, iterations: j) }
        let full = try TridiagonalQREigendecomposition(Self.tridiagonal(alpha, beta))
        let m = alpha.count
        let wanted = end == .largest ? Array((m - k)..<m) : Array(0..<k)
        // Recurrence residual estimates β_j·|s_j| of every Ritz pair (for the neighbours' slack).
        let estimates = (0..<m).map { abs(lastBeta * full.eigenvectors[m - 1, $0]) }
        var result = [RitzPair<T>]()
        for idx in wanted {
            let theta = full.eigenvalues[idx]
            // Ritz vector y = V s, normalised; its residual recomputed with one more product.
            var y = [T](repeating: .zero, count: n)
            for (c, q) in zip(full.eigenvectors.column(idx), basis) where c != .zero { for i in 0..<n { y[i] += c * q[i] } }
            let ynorm = Vector.norm2(y)
            if ynorm > .zero { y = y.map { $0 / ynorm } }
            let ay = try product(y)
            let r = Vector.norm2((0..<n).map { ay[$0] - theta * y[$0] })
            // Gap: distance to the nearest other Ritz value, less that value's residual estimate.
            var delta = T.infinity
            for other in 0..<m where other != idx { delta = Swift.min(delta, abs(full.eigenvalues[other] - theta) - estimates[other]) }
            let known = delta.isFinite && delta > r
            result.append(RitzPair(value: theta, vector: y, residualNorm: r, gap: known ? delta : nil, quadraticBound: known ? r * r / delta : nil))
        }
        result.sort { $0.value < $1.value }
        self.pairs = result
        self.iterations = j
    }

    @inlinable
    static func dot(_ x: [T], _ y: [T]) -> T {
        var s = T.zero
        for i in 0..<x.count { s += x[i] * y[i] }
        return s
    }

    /// w ← w − V Vᵀ w (classical Gram–Schmidt against every basis vector).
    @inlinable
    static func orthogonalise(_ w: inout [T], against basis: [[T]]) {
        let coefficients = basis.map { dot($0, w) }
        for (c, q) in zip(coefficients, basis) { for i in 0..<w.count { w[i] -= c * q[i] } }
    }

    /// A Gaussian random unit vector orthogonal to `basis`, or nil when the basis spans everything.
    @inlinable
    static func randomUnitVector(_ n: Int, orthogonalTo basis: [[T]], _ rng: inout SeededGenerator) -> [T]? {
        guard basis.count < n else { return nil }
        for _ in 0..<10 {
            var v = (0..<n).map { _ in rng.normal(T.self) }
            let before = Vector.norm2(v)
            orthogonalise(&v, against: basis)
            orthogonalise(&v, against: basis)
            let after = Vector.norm2(v)
            // Accept unless (almost) all of v lay in the span of the basis.
            if after > T(0.01) * before, after > .zero { return v.map { $0 / after } }
        }
        return nil
    }

    @inlinable
    static func tridiagonal(_ alpha: [T], _ beta: [T]) throws -> Matrix<T> {
        let j = alpha.count
        var t = try Matrix<T>(rows: j, columns: j)
        for i in 0..<j {
            t[i, i] = alpha[i]
            if i + 1 < j { t[i, i + 1] = beta[i]; t[i + 1, i] = beta[i] }
        }
        return t
    }

    /// The `count` Ritz values at `end` of T_j and T_j's eigenvectors for them.
    @inlinable
    static func ritz(_ alpha: [T], _ beta: [T], count k: Int, end: SpectrumEnd) throws -> ([T], [[T]]) {
        let t = try tridiagonal(alpha, Array(beta.prefix(alpha.count - 1)))
        let m = Swift.min(k, alpha.count)
        let e = try TridiagonalQREigendecomposition(t, selection: end == .largest ? .largest(m) : .smallest(m))
        return (e.eigenvalues, (0..<m).map { e.eigenvectors.column($0) })
    }
}
