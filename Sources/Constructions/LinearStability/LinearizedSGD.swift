import Numerics

/// The linearized SGD around an interpolating minimum (δ_{t+1} = (I − ηH_I)δ_t, H_I = (1/B)Σ_{b} g_{i_b}g_{i_b}ᵀ with
/// indices drawn with replacement) and its second-moment operator on symmetric matrices,
///   T_η(M) = E_I[(I − ηH_I) M (I − ηH_I)] = M − η·L_H(M) + η²·Q_B(M),
///   L_H(M) = HM + MH,   Q_B(M) = E_I[H_I M H_I] = (1 − 1/B)·HMH + (1/B)(1/n)Σ_i (g_iᵀMg_i) g_i g_iᵀ.
/// Both L_H and Q_B are self-adjoint for ⟨A, B⟩ = Tr(AB), so T_η is too, and (with H positive definite on the
/// features' span) λ_max(T_η) ≤ 1 ⟺ η·Q_B ⪯ L_H — a Loewner-order test that is exact in rationals.
public struct LinearizedSGD: Sendable, Equatable {
    /// How the mini-batch noise enters Q: SGD with replacement (batch B), or full-batch GD (Q = HMH, what sampling
    /// without replacement with batch size n gives).
    public enum Noise: String, Codable, Sendable { case withReplacement = "SGD, batches with replacement", fullBatch = "full batch (GD)" }

    /// Features g_i (n rows of length p), exact.
    public let features: [[Rational]]
    public let batch: Int

    /// Throws for no features, ragged rows, zero width, or a batch size below 1.
    public init(features: [[Rational]], batch: Int) throws {
        guard let p = features.first?.count, p >= 1 else { throw NumericsError.empty(operation: "LinearizedSGD features") }
        guard features.allSatisfy({ $0.count == p }) else {
            throw NumericsError.dimensionMismatch(operation: "LinearizedSGD features", expected: "rows of length \(p)", got: "ragged rows")
        }
        guard batch >= 1 else { throw NumericsError.invalidArgument(operation: "LinearizedSGD", detail: "batch size B = \(batch) must be ≥ 1") }
        self.features = features; self.batch = batch
    }

    public var n: Int { features.count }
    public var p: Int { features[0].count }

    /// H = (1/n)Σ g_i g_iᵀ.
    public func hessian() throws -> [[Rational]] {
        var h = Exact.zeros(p, p)
        for g in features { h = try Exact.add(h, try Exact.outer(g, g)) }
        return try Exact.scale(h, by: try Rational(1, n))
    }

    /// A = (1/n)Σ χ_i g_i g_iᵀ − H³ with χ_i = g_iᵀHg_i, so that Tr(H·Σ(δ)) = δᵀAδ for the linearized model.
    public func alignmentMatrix() throws -> [[Rational]] {
        let h = try hessian()
        var a1 = Exact.zeros(p, p)
        for g in features {
            let chi = try Exact.dot(g, try Exact.apply(h, g))
            a1 = try Exact.add(a1, try Exact.scale(try Exact.outer(g, g), by: chi))
        }
        a1 = try Exact.scale(a1, by: try Rational(1, n))
        let h2 = try Exact.multiply(h, h)
        return try Exact.subtract(a1, try Exact.multiply(h2, h))
    }

    /// Tr(H·Σ(δ)) from the definition Σ(δ) = (1/n)Σ (g_iᵀδ)² g_i g_iᵀ − Hδδᵀ H (for cross-checking `alignmentMatrix`).
    public func traceHSigma(_ delta: [Rational]) throws -> Rational {
        let h = try hessian()
        var s = Rational.zero
        for g in features {
            let e = try Exact.dot(g, delta)
            s = try s + e * e * Exact.dot(g, try Exact.apply(h, g))
        }
        s = try s / Rational(n)
        let hd = try Exact.apply(h, delta)
        return try s - Exact.dot(hd, try Exact.apply(h, hd))
    }

    /// The index pairs (j ≤ k) of the basis B_(j,k) = E_jk + E_kj (E_jj on the diagonal) of symmetric p × p matrices.
    public var basis: [(Int, Int)] { (0..<p).flatMap { j in (j..<p).map { (j, $0) } } }

    /// Entries (r, s) with coefficient 1 of a basis matrix.
    static func entries(_ b: (Int, Int)) -> [(Int, Int)] { b.0 == b.1 ? [b] : [b, (b.1, b.0)] }

    /// Quadratic-form matrices K_S[a][b] = ⟨B_a, S(B_b)⟩ of L_H and of Q (symmetric, exact): an operator S is
    /// positive semidefinite on symmetric matrices iff K_S is.
    public func formMatrices(noise: Noise) throws -> (lyapunov: [[Rational]], q: [[Rational]]) {
        let h = try hessian(), b = basis
        let m = b.count
        var kl = Exact.zeros(m, m), kq = Exact.zeros(m, m)
        let inverseB = try Rational(1, batch)
        let weightHH = noise == .fullBatch ? Rational.one : try Rational.one - inverseB
        // g_iᵀ B_a g_i for every i and a.
        let quad = try features.map { g in try b.map { ba in try Rational.sum(try Self.entries(ba).map { try g[$0.0] * g[$0.1] }) } }
        for (ia, ba) in b.enumerated() {
            for (ib, bb) in b.enumerated() where ib >= ia {
                var lyap = Rational.zero, hmh = Rational.zero
                for (r, s) in Self.entries(ba) {
                    for (l, mm) in Self.entries(bb) {
                        // Tr(e_r e_sᵀ (H e_l e_mᵀ + e_l e_mᵀ H)) = H_sl δ_mr + δ_sl H_mr; Tr(e_r e_sᵀ H e_l e_mᵀ H) = H_sl H_mr.
                        if mm == r { lyap = try lyap + h[s][l] }
                        if s == l { lyap = try lyap + h[mm][r] }
                        hmh = try hmh + h[s][l] * h[mm][r]
                    }
                }
                var q = try weightHH * hmh
                if noise == .withReplacement {
                    var sum = Rational.zero
                    for i in 0..<n { sum = try sum + quad[i][ia] * quad[i][ib] }
                    q = try q + inverseB * sum / Rational(n)
                }
                kl[ia][ib] = lyap; kl[ib][ia] = lyap
                kq[ia][ib] = q; kq[ib][ia] = q
            }
        }
        return (kl, kq)
    }

    /// Linear stability at step η, exactly: λ_max(T_η) ≤ 1 ⟺ K_L − η·K_Q ⪰ 0 (H must be positive definite).
    public func isLinearlyStable(eta: Rational, noise: Noise, forms: (lyapunov: [[Rational]], q: [[Rational]])? = nil) throws -> Bool {
        let k = try forms ?? formMatrices(noise: noise)
        let diff = try Exact.subtract(k.lyapunov, try Exact.scale(k.q, by: eta))
        return try Exact.definiteness(diff).semidefinite
    }

    /// Q(M) = w·HMH + (1/(Bn))Σ_i (g_iᵀMg_i) g_i g_iᵀ with w = 1 − 1/B (SGD) or Q(M) = HMH (full batch).
    public func q(_ m: [[Rational]], noise: Noise) throws -> [[Rational]] {
        let h = try hessian()
        let hmh = try Exact.multiply(try Exact.multiply(h, m), h)
        guard noise == .withReplacement else { return hmh }
        var out = try Exact.scale(hmh, by: try Rational.one - Rational(1, batch))
        let scale = try Rational(1, batch * n)
        for g in features {
            let w = try Exact.dot(g, try Exact.apply(m, g))
            out = try Exact.add(out, try Exact.scale(try Exact.outer(g, g), by: try w * scale))
        }
        return out
    }

    /// T_η(M) = M − η(HM + MH) + η²Q(M), from the closed form.
    public func secondMomentStep(_ m: [[Rational]], eta: Rational, noise: Noise) throws -> [[Rational]] {
        let h = try hessian()
        let lyap = try Exact.add(try Exact.multiply(h, m), try Exact.multiply(m, h))
        return try Exact.add(try Exact.subtract(m, try Exact.scale(lyap, by: eta)), try Exact.scale(try q(m, noise: noise), by: try eta * eta))
    }

    /// E_I[(I − ηH_I) M (I − ηH_I)] by enumerating every batch: all nᴮ ordered index tuples (with replacement, weight
    /// n^{−B}) or all C(n, B) subsets (without replacement). Throws beyond 10⁵ batches.
    public func secondMomentStepByEnumeration(_ m: [[Rational]], eta: Rational, withReplacement: Bool) throws -> [[Rational]] {
        var batches: [[Int]] = [[]]
        for _ in 0..<batch {
            batches = batches.flatMap { b in (0..<n).compactMap { i -> [Int]? in
                if withReplacement { return b + [i] }
                return (b.last.map { i > $0 } ?? true) ? b + [i] : nil
            } }
            guard batches.count <= 100_000 else {
                throw NumericsError.invalidArgument(operation: "secondMomentStepByEnumeration", detail: "more than 10⁵ batches")
            }
        }
        guard !batches.isEmpty else { throw NumericsError.invalidArgument(operation: "secondMomentStepByEnumeration", detail: "B = \(batch) > n = \(n) without replacement") }
        let outer = try features.map { try Exact.outer($0, $0) }
        let identity = (0..<p).map { i in (0..<p).map { $0 == i ? Rational.one : .zero } }
        var total = Exact.zeros(p, p)
        let weight = try Rational(1, batches.count)
        for b in batches {
            var hb = Exact.zeros(p, p)
            for i in b { hb = try Exact.add(hb, outer[i]) }
            let x = try Exact.subtract(identity, try Exact.scale(hb, by: try eta / Rational(batch)))
            total = try Exact.add(total, try Exact.multiply(try Exact.multiply(x, m), x))
        }
        return try Exact.scale(total, by: weight)
    }

    /// Quadratic-form matrices of L_H and of an arbitrary self-adjoint Q on symmetric p × p matrices, for a given H:
    /// K_S[a][b] = ⟨B_a, S(B_b)⟩ over the basis {E_jj, E_jk + E_kj}. (Stability ⟺ K_L − η·K_Q ⪰ 0 whenever the
    /// second-moment operator is M − ηL_H(M) + η²Q(M) and H ≻ 0.)
    public static func formMatrices(hessian h: [[Rational]], q: ([[Rational]]) throws -> [[Rational]]) throws -> (lyapunov: [[Rational]], q: [[Rational]]) {
        let p = h.count
        var basis: [[[Rational]]] = []
        for j in 0..<p {
            for k in j..<p {
                var b = Exact.zeros(p, p)
                b[j][k] = .one
                b[k][j] = .one
                basis.append(b)
            }
        }
        let lyap = try basis.map { try Exact.add(try Exact.multiply(h, $0), try Exact.multiply($0, h)) }
        let qs = try basis.map { try q($0) }
        let kl = try basis.map { a in try lyap.map { try Exact.trace(try Exact.multiply(a, $0)) } }
        let kq = try basis.map { a in try qs.map { try Exact.trace(try Exact.multiply(a, $0)) } }
        return (kl, kq)
    }
}
