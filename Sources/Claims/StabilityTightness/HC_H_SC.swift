import Constructions
import Numerics

/// HC-H-SC: the strongly convex upper bound of Hardt et al., δ_T ≤ 2L/(γn) independently of T, on a 1-D
/// strongly convex quadratic where the iterates stay in |w| ≤ 1/γ (L = 2).
enum HC_H_SC {
    struct Setup: ClaimSetup {
        var gamma = Rational.one
        /// α·β with β = γ for this quadratic; Hardt et al. need α ≤ 1/β.
        var stepTimesBeta = try! Rational(1, 2) // denominator ≠ 0
        var n = 10
        var horizons = [1, 4, 12, 40]
    }

    static let claim = Claim(
        "HC-H-SC", paper: Papers.stabilityTightness, location: "Table 1, strongly convex column (citing Hardt et al. 2016)",
        title: "Cited strongly convex bound δ_T ≤ 2L/(γn): consistent, with a positive limit (the Ω(1) cell)",
        expected: .cited, tiers: [.exact], keyFigure: "maxRatioToBound",
        statement: Statement(
            """
            (Cited from Hardt et al.) For γ-strongly convex, β-smooth, L-Lipschitz losses and a constant step α ≤ 1/β, the \
            coupled divergence satisfies δ_T ≤ 2L/(γn) for every T (and ε ≤ 2L²/(γn)).
            """,
            form: .cited,
            hypotheses: [Hypothesis("a constant step with α ≤ 1/β", field: "stepTimesBeta"), Hypothesis("γ-strongly convex, β-smooth, L-Lipschitz")],
            construction: """
                d = 1, f(w; (x, y)) = (γ/2)w² − y·x·w (β = γ), shared points (0, 0), differing point (1, 1) in S and (−1, 1) in \
                S', w_0 = 0. From |w_{t+1}| ≤ (1 − αγ)|w_t| + α the iterates stay in |w| ≤ 1/γ, where |f′| ≤ γ·(1/γ) + 1 = 2 = L. \
                Δ_t = θ_t with θ_{t+1} = (1 − αγ)θ_t + 2α·1[pick]; exact E|θ_T| by enumeration for T ≤ 12 and by the recursion \
                beyond (T = 40) when the sign is preserved; δ_T = (2α/n)(1 − (1 − αγ)^T)/(αγ) → 2/(γn).
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("stepTimesBeta", name: "step 3/β", """
                    α = 3/β: the multiplier 1 − αγ = −2 flips and doubles θ, so |θ| grows and exceeds the bound (T = 12).
                    """) { $0.stepTimesBeta = Rational(3) },
            ]))

    /// δ_T exactly: by enumeration up to T = 12 (whatever the sign of the multiplier), by the recursion beyond
    /// when the multiplier is ≥ 0; nil for a sign-changing case beyond T = 12 (not evaluated).
    static func divergence(_ s: Setup, horizon t: Int) throws -> Rational? {
        let alpha = try s.stepTimesBeta / s.gamma
        let ray = try RayDivergence(curvature: s.gamma, kick: Rational(2), n: s.n, schedule: .constant(alpha), plan: UpdatePlan(first: 0, count: t))
        if t <= 12 { return try ray.enumeratedExpectation() }
        return try ray.preservesSign() ? try ray.exactExpectations().last : nil
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let alpha = try s.stepTimesBeta / s.gamma
        let l = Rational(2)
        let bound = try Rational(2) * l / (s.gamma * Rational(s.n))
        var worst = Rational.zero
        var last: Rational?
        for t in s.horizons {
            guard let value = try divergence(s, horizon: t) else { continue }
            worst = max(worst, try value / bound)
            last = value
        }
        e.add(.exact("stepTimesBeta", "α·β", try alpha * s.gamma, role: .hypothesis, requirement: .atMost(1), note: "Hardt et al.'s condition α ≤ 1/β"))
        e.add(.exact("maxRatioToBound", "max over T of δ_T / (2L/(γn)), L = 2", worst, requirement: .atMost(1),
                     note: "≤ 1 at every T (exact): the cited bound holds; the ratio tends to 1/2"))
        if let last {
            e.add(.exact("divergence[T=\(s.horizons.last!)]", "δ_T at the largest T", last, note: "→ 2/(γn) = 1/5: bounded away from 0 (the Ω(1) cell)"))
        }
        e.summary = "δ_T stays below 2L/(γn) at every T and tends to half of it, a positive constant."
        return e
    }
}
