import Constructions
import Numerics

/// WU-DEF-A1 (Assumption 1): χ_i = g_iᵀGg_i (the *kernel-weighted* feature norms), χ̄ = mean χ_i = ‖G‖_F², and
/// γ = min_i χ_i/χ̄ > 0; τ(G) = λ₁²/Σλ_j² ∈ [1/rk, 1]. γ is the constant with μ₁ ≥ γ at every residual; the plain
/// norms ‖g_i‖² do not give one.
enum WU_DEF_A1 {
    enum Weights: String, Codable, Sendable { case kernel = "χ_i = g_iᵀGg_i", plainNorms = "‖g_i‖² (plain feature norms)" }

    struct Setup: ClaimSetup {
        var weights = Weights.kernel
        var instances = 12
    }

    static let claim = Claim(
        "WU-DEF-A1", paper: Papers.linearStability, location: "§2.2, Assumption 1",
        title: "Assumption 1: χ_i = g_iᵀGg_i, mean χ = ‖G‖_F², γ = min χ_i/χ̄ ≤ 1, τ(G) ∈ [1/rk, 1] — exact",
        expected: .definition, tiers: [.exact], keyFigure: "mu1BelowGamma",
        statement: Statement(
            """
            With χ_i = g_iᵀGg_i = (1/n)Σ_j(g_iᵀg_j)², their mean equals ‖G‖_F²; Assumption 1 asks γ = min_iχ_i/χ̄ > 0. \
            τ(G) = λ₁(G)²/Σ_jλ_j(G)² lies in [1/rk, 1].
            """,
            form: .definition,
            hypotheses: [Hypothesis("γ is built from the kernel-weighted norms χ_i", field: "weights")],
            construction: """
                12 random integer feature sets (n ∈ 2…6, p ∈ 1…4, seed 87) plus the catalog's instance n = 6, g₁ = e₁, \
                g₂…g₆ = e₂. Exact: mean χ = ‖G‖_F², χ_i = (K²)_ii/n, γ ≤ 1, and ‖G‖_F²/(Tr G)² ≥ 1/rk (so τ ≥ 1/rk through the \
                lower bound λ₁ ≥ ‖G‖_F²/Tr G). The role of γ: μ₁ at every unit residual e = e_j must be ≥ γ.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("weights", name: "plain feature norms", """
                γ′ = min‖g_i‖²/mean‖g_i‖² = 1 on the catalog's instance, but μ₁ = 3/13 ≈ 0.231 at e = e₁: plain norms do \
                not bound μ₁.
                """) { $0.weights = .plainNorms }]))

    static func instances(_ s: Setup) throws -> [[[Rational]]] {
        var out: [[[Rational]]] = [[[.one, .zero]] + Array(repeating: [.zero, .one], count: 5)]
        var rng = SeededGenerator(seed: 87)
        while out.count < s.instances + 1 {
            let n = 2 + (try rng.int(below: 5)), p = 1 + (try rng.int(below: 4))
            let f = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } }
            // Every feature non-zero (γ > 0 needs χ_i > 0).
            if f.allSatisfy({ $0.contains { $0 != .zero } }) { out.append(f) }
        }
        return out
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var chiMismatch = Rational.zero, maxGamma = Rational.zero, minTauBound: Rational?, below = 0
        for features in try instances(s) {
            let n = features.count
            let sample = try FiniteSample(features: features, residuals: Array(repeating: .one, count: n))
            let g = try sample.moments().gram
            let chi = try sample.chi()
            let k = try sample.kernel()
            let k2 = try Exact.multiply(k, k)
            let frob = try Rational.sum(try g.joined().map { try $0 * $0 })
            chiMismatch = max(chiMismatch, try (Rational.sum(chi) / Rational(n) - frob).magnitude)
            for i in 0..<n { chiMismatch = max(chiMismatch, try (chi[i] - k2[i][i] / Rational(n)).magnitude) }
            let weights = s.weights == .kernel ? chi : try features.map { try Exact.dot($0, $0) }
            let gamma = try weights.min()! / (try Rational.sum(weights) / Rational(n)) // n ≥ 1
            maxGamma = max(maxGamma, gamma)
            let rank = Rational(try Exact.rank(g))
            let trace = try Exact.trace(g)
            let tauLower = try frob / (trace * trace)
            let scaled = try tauLower * rank
            minTauBound = minTauBound.map { min($0, scaled) } ?? scaled
            // μ₁ at each unit residual e_j (all features kept, only sample j carries loss).
            for j in 0..<n {
                let r = (0..<n).map { $0 == j ? Rational.one : .zero }
                let (_, mu1, _) = try FiniteSample(features: features, residuals: r).moments().alignment()
                if mu1 < gamma { below += 1 }
            }
        }
        e.add(.exact("chiMismatch", "max |mean χ − ‖G‖_F²| and |χ_i − (K²)_ii/n|", chiMismatch, role: .crossCheck, requirement: .equals("0"), note: "0"))
        e.add(.exact("maxGamma", "max γ", maxGamma, requirement: .atMost(1), note: "≤ 1 (a minimum over a mean)"))
        e.add(.exact("minTauLowerBoundTimesRank", "min over instances of rk·‖G‖_F²/(Tr G)²", minTauBound ?? .zero, requirement: .atLeast(1),
                     note: "≥ 1 ⇒ τ ≥ (‖G‖_F²/Tr G)²/‖G‖_F² ≥ 1/rk (rk = rank G, exact)"))
        e.add(.count("mu1BelowGamma", "unit residuals e_j with μ₁ < γ", below, requirement: .equals("0"), note: "0: γ bounds μ₁ (Lemma 2.3)"))
        e.summary = "mean χ = ‖G‖_F² exactly, γ ≤ 1, τ ≥ 1/rk, and μ₁ ≥ γ at every unit residual."
        return e
    }
}
