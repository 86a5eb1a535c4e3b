import Constructions
import Numerics

/// HC-LEM2: unrolling Eq. 5 gives E‖Δ_T‖ = (k/n)·Σ_{t<T} α_t·Π_{t<τ<T}(1 − α_τ λ) exactly (the printed formula
/// puts α_t inside the product and starts at t = 1; read as printed it is not a lower bound).
enum HC_LEM2 {
    enum Formula: String, Codable, Sendable {
        /// α_t outside the product, t = 0…T−1: the unrolled recursion.
        case corrected = "(k/n) Σ_{t=0}^{T−1} α_t Π_{τ=t+1}^{T−1} (1 − α_τ λ)"
        /// α_t inside the product and the sum from t = 1, as printed.
        case printed = "(k/n) Σ_{t=1}^{T−1} Π_{τ=t+1}^{T−1} α_t (1 − α_τ λ)"
    }

    struct Case: Codable, Equatable, Sendable {
        var alpha: Rational
        var decreasing: Bool
        var lambda: Rational
        var kick: Rational
        var n: Int
        var horizon: Int
    }

    struct Setup: ClaimSetup {
        var formula = Formula.corrected
        var cases: [Case] = [
            Case(alpha: HC_LEM1.r(1, 2), decreasing: false, lambda: HC_LEM1.r(1, 2), kick: Rational(2), n: 5, horizon: 10), // SIM-2
            Case(alpha: Rational(2), decreasing: false, lambda: HC_LEM1.r(1, 4), kick: Rational(2), n: 5, horizon: 10),       // α·λ = 1/2
            Case(alpha: HC_LEM1.r(1, 2), decreasing: true, lambda: .one, kick: .one, n: 7, horizon: 20),
            Case(alpha: HC_LEM1.r(1, 3), decreasing: false, lambda: .zero, kick: .one, n: 10, horizon: 30),                  // Thm 1
            Case(alpha: HC_LEM1.r(1, 4), decreasing: false, lambda: Rational(2), kick: .one, n: 4, horizon: 25),              // strongly convex
        ]
    }

    static let claim = Claim(
        "HC-LEM2", paper: Papers.stabilityTightness, location: "Appendix A, Lemma 2",
        title: "Unrolled divergence: E‖Δ_T‖ = (k/n)Σ α_t Π (1 − α_τλ), with equality",
        expected: .holds, tiers: [.exact], keyFigure: "minRatioToFormula",
        errata: [
            """
            As printed, α_t sits inside the product and the sum starts at t = 1. Read literally that is not even a lower \
            bound: at α = 2, λ = 1/4, n = 5, kick 2, T = 10 it gives 3.6 while E‖Δ_10‖ = 1.5984375 (the negative control). \
            With α_t outside the product and the sum over t = 0…T−1 (the unrolled Eq. 5) it holds with equality, which is \
            what is checked; the printed "≥" is then an equality.
            """,
            "Special cases: λ = 0 gives (k/n)Σα_t (Theorem 1); a constant step with λ > 0 gives (k/n)(1 − (1 − αλ)^T)/λ → k/(nλ), the Ω(1) strongly convex cell of Table 1.",
        ],
        statement: Statement(
            """
            Under Lemma 1's hypotheses (α_t λ ≤ 1) and Δ_0 = 0, E‖Δ_T‖ ≥ (k/n)·Σ_{t=0}^{T−1} α_t·Π_{τ=t+1}^{T−1}(1 − α_τ λ), \
            where k = |y|·‖x_i − x'_i‖ is the kick per unit step — in fact with equality.
            """,
            hypotheses: [
                Hypothesis("α_t λ ≤ 1 at every step, and the differing direction is an eigenvector of A (as in Lemma 1)", field: "cases"),
                Hypothesis("the formula compared is the corrected one (α_t outside the product, t from 0)", field: "formula"),
            ],
            construction: """
                The Lemma 1 construction with constant and decreasing (α_t = α/t, updates t = 1…T−1) steps, λ ∈ {0, 1/4, 1/2, \
                1, 2} and kicks 1 and 2. E‖Δ_T‖ by the exact recursion; the formula by an independent exact sum of products.
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("formula", name: "the printed formula", """
                    Put α_t inside the product and start the sum at t = 1, as printed: at α = 2, λ = 1/4 the formula exceeds \
                    E‖Δ_T‖ (3.6 > 1.598), so E‖Δ_T‖ ≥ formula must fail.
                    """) { $0.formula = .printed },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var minRatio: Quantity?, maxRatio: Quantity?, maxAL = Rational.zero
        for c in s.cases {
            let schedule: StepSchedule = c.decreasing ? .inverseTime(c.alpha) : .constant(c.alpha)
            let plan = c.decreasing ? UpdatePlan(first: 1, count: c.horizon - 1) : UpdatePlan(first: 0, count: c.horizon)
            let steps = try plan.indices.map { try schedule.alpha(at: $0) }
            for a in steps { maxAL = max(maxAL, try a * c.lambda) }
            let truth = try RayDivergence(curvature: c.lambda, kick: c.kick, n: c.n, schedule: schedule, plan: plan).expectations().last!
            // The formula by an independent sum of products (exact while 128 bits hold it, certified after).
            var sum = Quantity.zero
            let start = s.formula == .corrected ? 0 : 1
            for t in start..<steps.count {
                var term: Quantity = s.formula == .corrected ? .exact(steps[t]) : .one
                for u in (t + 1)..<max(steps.count, t + 1) {
                    let factor = try Rational.one - steps[u] * c.lambda
                    term = try term * .exact(s.formula == .corrected ? factor : try steps[t] * factor)
                }
                sum = try sum + term
            }
            let formula = try Quantity.exact(try c.kick / Rational(c.n)) * sum
            let ratio = try truth / formula
            minRatio = try minRatio.map { try HC_T1.smaller($0, ratio) } ?? ratio
            maxRatio = try maxRatio.map { try HC_T1.larger($0, ratio) } ?? ratio
            if c == s.cases[0] {
                e.add(.quantity("expectedDivergence[case=1]", "E‖Δ_10‖ at n = 5, λ = 1/2, α = 1/2, kick 2", truth, tolerance: .relative(1e-12),
                                note: "the catalog's 0.7549491882"))
                e.add(.quantity("formula[case=1]", "the formula at the same case", formula, tolerance: .relative(1e-12),
                                note: "the printed placement gives 0.63990614 here"))
            }
        }
        e.add(.exact("maxAlphaLambda", "max over cases and steps of α_t·λ", maxAL, role: .hypothesis, requirement: .atMost(1),
                     note: "Lemma 1's condition"))
        if let minRatio, let maxRatio {
            e.add(.quantity("minRatioToFormula", "min over the cases of E‖Δ_T‖ / formula", minRatio, requirement: .atLeast(1),
                            tolerance: .relative(1e-12), note: "≥ 1: the lower bound holds"))
            e.add(.quantity("maxRatioToFormula", "max over the cases of the same ratio", maxRatio, requirement: .atMost(1),
                            tolerance: .relative(1e-12), note: "≤ 1 together with the minimum: equality, not just a bound"))
        }
        e.summary = "On every case, constant and decreasing steps, E‖Δ_T‖ equals the corrected formula exactly."
        return e
    }
}
