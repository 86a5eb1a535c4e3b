import Constructions
import Numerics

/// WU-L2.3 (Lemma 2.3): for feature models under Assumption 1, μ₁ ≥ γ, μ₂ ≤ τ(G) and μ ≥ γ − τ(G) at every θ with
/// L > 0 — for arbitrary labels (the proof assumes realizable ones). Exact on random residuals; μ₁ = γ attained at the
/// residual e_{i*} (i* = argmin χ_i).
enum WU_L2_3 {
    struct Setup: ClaimSetup {
        var weights = WU_DEF_A1.Weights.kernel
        var instances = 16
        var residualsPerInstance = 6
    }

    static let claim = Claim(
        "WU-L2.3", paper: Papers.linearStability, location: "§2.2, Lemma 2.3",
        title: "Feature models: μ₁ ≥ γ, μ₂ ≤ τ(G), μ ≥ γ − τ(G) for any labels — exact, with μ₁ = γ attained",
        expected: .holds, tiers: [.exact], keyFigure: "violations",
        errata: [
            "The proof writes e_i = g_iᵀθ (realizable labels) and cites Lemma E.1 for what is the plain Rayleigh bound; the bounds hold for arbitrary labels: μ₂ = eᵀK²e/(‖e‖²‖K‖_F²) ≤ λ₁(K)²/‖K‖_F² = τ(G).",
            "\"λ_n(G)\" appears although G is m × m; G has at most n non-zero eigenvalues.",
        ],
        statement: Statement(
            """
            For a feature model with features g_1…g_n satisfying Assumption 1 (γ > 0), at every θ with L(θ) > 0: \
            μ₁(θ) ≥ γ, μ₂(θ) ≤ τ(G) and therefore μ(θ) ≥ γ − τ(G).
            """,
            hypotheses: [Hypothesis("γ uses the kernel-weighted norms χ_i = g_iᵀGg_i", field: "weights"),
                         Hypothesis("every feature is non-zero (γ > 0; checked)")],
            construction: """
                16 random integer feature sets (n ∈ 2…6, p ∈ 1…4, no zero feature, seed 88) plus the catalog's n = 6 instance \
                (g₁ = e₁, g₂…g₆ = e₂); 6 random integer residual vectors each (arbitrary labels) plus e_{i*}. Exact: μ₁ ≥ γ directly; τ(G) ≥ x, for x = μ₂ \
                and x = γ − μ, as "x‖G‖_F²·I − G² is not positive definite" (λ(G²) = λ(G)²) by exact elimination.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("weights", name: "plain feature norms", "γ′ from ‖g_i‖²: on the catalog's instance μ₁ = 3/13 < γ′ = 1.") {
                $0.weights = .plainNorms
            }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 88)
        var violations = 0, tests = 0, attained = 0, instances = 0
        var all = try WU_DEF_A1.instances(WU_DEF_A1.Setup(weights: .kernel, instances: 0))
        while all.count < s.instances + 1 {
            let n = 2 + (try rng.int(below: 5)), p = 1 + (try rng.int(below: 4))
            let f = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } }
            if f.allSatisfy({ $0.contains { $0 != .zero } }) { all.append(f) }
        }
        for features in all {
            instances += 1
            let n = features.count
            let base = try FiniteSample(features: features, residuals: Array(repeating: .one, count: n))
            let chi = try base.chi()
            let weights = s.weights == .kernel ? chi : try features.map { try Exact.dot($0, $0) }
            let gamma = try weights.min()! / (try Rational.sum(weights) / Rational(n)) // n ≥ 1
            let g = try base.moments().gram
            let frob = try Rational.sum(try g.joined().map { try $0 * $0 })
            let iStar = chi.indices.min { chi[$0] < chi[$1] }! // n ≥ 1
            var residualSets = [try (0..<n).map { $0 == iStar ? Rational.one : .zero }]
            for _ in 0..<s.residualsPerInstance {
                let r = try (0..<n).map { _ in Rational(try rng.int(below: 7) - 3) }
                if r.contains(where: { $0 != .zero }) { residualSets.append(r) }
            }
            for (k, r) in residualSets.enumerated() {
                let (mu, mu1, mu2) = try FiniteSample(features: features, residuals: r).moments().alignment()
                tests += 1
                let ok = !(mu1 < gamma), tauOK = try tauAtLeast(mu2, g, frob), muOK = try tauAtLeast(try gamma - mu, g, frob)
                if !(ok && tauOK && muOK) { violations += 1 }
                if k == 0 && mu1 == gamma { attained += 1 }
            }
        }
        e.add(.count("violations", "residuals violating μ₁ ≥ γ, μ₂ ≤ τ or μ ≥ γ − τ, of \(tests)", violations, requirement: .equals("0"),
                     note: "0, every inequality decided exactly"))
        e.add(.count("mu1AttainsGamma", "instances where μ₁ = γ exactly at e = e_{i*}, of \(instances)", attained, role: .reported,
                     note: "μ₁ = γ whenever the kernel has full rank (e_{i*} is then realizable)"))
        e.summary = "μ₁ ≥ γ, μ₂ ≤ τ(G) and μ ≥ γ − τ(G) at every residual tested, for arbitrary labels; μ₁ = γ is attained."
        return e
    }

    /// τ(G) ≥ x ⟺ λ₁(G)² ≥ x‖G‖_F² ⟺ x‖G‖_F²·I − G² is not positive definite (G ⪰ 0, so λ(G²) = λ(G)²): exact.
    static func tauAtLeast(_ x: Rational, _ g: [[Rational]], _ frob: Rational) throws -> Bool {
        guard x > .zero else { return true }
        let g2 = try Exact.multiply(g, g)
        let c = try x * frob
        let shifted = try (0..<g.count).map { i in try (0..<g.count).map { j in try (i == j ? c : .zero) - g2[i][j] } }
        return try !Exact.definiteness(shifted).definite
    }
}
