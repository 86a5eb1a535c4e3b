import Constructions
import Numerics

/// HC-H-CVX: the convex upper bound of Hardt et al. (2016), δ_T ≤ (2L/n)Σα_t, as cited by the paper —
/// consistent with HC-T1 (6 times below) and attained by the linear loss; the paper quotes it without the 2.
enum HC_H_CVX {
    struct Setup: ClaimSetup {
        /// c in δ_T ≤ (c·L/n)Σα_t: Hardt et al. prove c = 2.
        var quotedConstant = Rational(2)
    }

    static let claim = Claim(
        "HC-H-CVX", paper: Papers.stabilityTightness, location: "§3, after Theorem 1 (citing Hardt et al. 2016, Thm 3.8)",
        title: "Cited convex upper bound δ_T ≤ (2L/n)Σα_t: consistent, and tight on a linear loss",
        expected: .cited, tiers: [.exact], keyFigure: "maxRatioToBound",
        errata: [
            """
            The text after Theorem 1 quotes the bound as ‖Δ_T‖ ≤ L·Σα_t/n, without the factor 2 of the cited result. The \
            linear loss of HC-T1-LIN violates that misquoted form (its divergence is exactly twice it), so the factor matters \
            (the negative control).
            """,
        ],
        statement: Statement(
            """
            (Cited from Hardt et al.) If every f(·; z) is convex, β-smooth and L-Lipschitz and α_t ≤ 2/β, then after T steps \
            the coupled divergence satisfies δ_T ≤ (2L/n)·Σα_t (and the uniform stability ε ≤ (2L²/n)·Σα_t).
            """,
            form: .cited,
            hypotheses: [Hypothesis("convex, β-smooth, L-Lipschitz losses and α_t ≤ 2/β"), Hypothesis("the constant is 2", field: "quotedConstant")],
            construction: """
                Two constructions checked against the cited bound in exact arithmetic: HC-T1's null-space quadratic (L = 3, \
                α = 1/2, n = 10, T = 400: δ_T = 20) and HC-T1-LIN's linear loss (L = 1, α_t = 1/t, n = 10, T = 40).
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("quotedConstant", name: "the paper's quotation without the factor 2", """
                    Check δ_T ≤ (L/n)Σα_t instead: the linear loss has δ_T = (2L/n)Σα_t and must violate it.
                    """) { $0.quotedConstant = .one },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        // HC-T1: E = (1/n)Σα_t with L = 3 (computed on the invariant set, see HC-T1).
        let half = try Rational(1, 2)
        let t1 = try RayDivergence(curvature: .zero, kick: .one, n: 10, schedule: .constant(half), plan: UpdatePlan(first: 0, count: 400))
            .exactExpectations().last!
        let t1Bound = try s.quotedConstant * Rational(3) / Rational(10) * (half * Rational(400))
        // HC-T1-LIN: E = (2/n)·H_40 with L = 1.
        let lin = try RayDivergence(curvature: .zero, kick: Rational(2), n: 10, schedule: .inverseTime(.one), plan: UpdatePlan(first: 1, count: 40))
        let linE = try lin.exactExpectations().last!
        let h40 = try Rational.sum((1...40).map { try Rational(1, $0) })
        let linBound = try s.quotedConstant / Rational(10) * h40
        let ratios = [try t1 / t1Bound, try linE / linBound]
        e.add(.exact("ratio[HC-T1]", "δ_T / bound on HC-T1 (L = 3)", ratios[0], note: "1/6 with c = 2: the bound holds with slack 6"))
        e.add(.exact("ratio[HC-T1-LIN]", "δ_T / bound on the linear loss (L = 1)", ratios[1], note: "1 with c = 2: attained"))
        e.add(.exact("maxRatioToBound", "max of the two ratios", ratios.max()!, requirement: .atMost(1), note: "≤ 1: both constructions are consistent with the cited bound"))
        e.summary = "Both constructions respect the cited bound; the linear loss attains it exactly."
        return e
    }
}
