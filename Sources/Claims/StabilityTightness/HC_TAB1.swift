import Constructions
import Foundation
import Numerics

/// HC-TAB1 (refuted as printed): Table 1's landscape of stability bounds, one figure per cell, each computed on the
/// cell's construction. Every cell holds except the paper's own non-convex upper bound O(T^a/n^{1+a}) (HC-T4), which
/// the table prints as established; the corrected table uses HC-T4-CORR's O((1 + a)LT^a/(βn)) there.
enum HC_TAB1 {
    struct Setup: ClaimSetup {
        /// The instance on which the non-convex upper cell O(T^a/n^{1+a}) is evaluated.
        var nonConvexUpper = HC_T4.Instance(kind: .linear, n: 100, a: HC_LEM1.r(1, 2), beta: .one, horizon: 200)
    }

    static let claim = Claim(
        "HC-TAB1", paper: Papers.stabilityTightness, location: "§1, Table 1",
        title: "Table 1's landscape of stability bounds: every cell checks out except the non-convex O(T^a/n^{1+a}) — refuted",
        expected: .refutedAsStated, tiers: [.exact, .certified], keyFigure: "cell[nonConvexUpperOurs]",
        errata: [
            """
            The table gives the non-convex upper bound of Hardt et al. as O(T^{a/(1+a)}/n) and the paper's own as \
            O(T^a/n^{1+a}); the latter is refuted (HC-T4, HC-T4B) and the corrected entry is O((1 + a)LT^a/(βn)) \
            (HC-T4-CORR), which is not tighter than Hardt et al.'s in n.
            """,
            """
            The Hessian-contractive column's upper bound ("Theorem 6") is vacuous as printed (HC-T6); its lower bound Ω(1) \
            is the least-squares limit ‖w*_S − w*_S'‖ > 0 checked here.
            """,
        ],
        statement: Statement(
            """
            For SGD with the step sizes of each column: strongly convex losses have stability O(1) and Ω(1) in T; convex \
            losses O(aT/n) and Ω(aT/n); non-convex losses O(T^{a/(1+a)}/n) (Hardt et al.) and O(T^a/n^{1+a}) (this paper) \
            from above, with a lower bound growing like a power of T; Hessian-contractive losses O(1) by Theorem 6 and Ω(1).
            """,
            hypotheses: [Hypothesis("each cell is evaluated on the construction the catalog assigns to it, inside that cell's hypotheses",
                                    field: "nonConvexUpper")],
            construction: """
                One figure per cell. SC: HC-H-SC's 1-D quadratic (γ = 1, n = 10, α = 1/2): δ_T ≤ 2L/(γn) and δ_T·γn ≥ 1 for \
                T ∈ {12, 40}. Convex: HC-T1's null-space quadratic (n = 10, a = 1/2): E‖Δ_T‖ = aT/(βn) exactly at T = 100 \
                and 1000 (both O and Ω with constant 1). Non-convex, Hardt et al.: HC-H-NC's tent consistency ratio. \
                Non-convex, this paper: HC-T4's linear loss (n = 100, a = 1/2, β = 1, T = 200), E‖Δ_T‖/(2LT^a/n^{1+a}). \
                Non-convex lower: HC-T3's quadratic (a = 1/2, n = 100, T ∈ {101, 10⁴}), E‖Δ_T‖/(T^a/(3n^{1+a})). HC lower: \
                HC-T2's least-squares counterexample (n = 10, T = 2000), a certified lower bound on E‖Δ_T‖ bounded away \
                from 0. The Hessian-contractive upper cell ("Theorem 6") has no figure: HC-T6 shows its hypotheses are \
                vacuous, so it states nothing that a construction could check.
                """,
            setup: Setup(), check: check,
            controls: [
                .sanity(name: "non-convex cell at T = 10⁵", """
                    At n = 100, a = 1/2, β = 1, T = 10⁵ the printed non-convex bound holds (ratio 0.19), and with it every cell: \
                    the table fails only where the refutation says.
                    """) { $0.nonConvexUpper = HC_T4.Instance(kind: .linear, n: 100, a: HC_LEM1.r(1, 2), beta: .one, horizon: 100_000) },
            ]),
        repair: .claim("HC-T4-CORR"))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        // Strongly convex: upper O(1) and lower Ω(1).
        let sc = HC_H_SC.Setup()
        let scBound = try Rational(2) * Rational(2) / (sc.gamma * Rational(sc.n))
        var scUpper = Rational.zero, scLower: Rational?
        for t in [12, 40] {
            guard let d = try HC_H_SC.divergence(sc, horizon: t) else { continue }
            scUpper = max(scUpper, try d / scBound)
            let scaled = try d * sc.gamma * Rational(sc.n)
            scLower = scLower.map { min($0, scaled) } ?? scaled
        }
        e.add(.exact("cell[stronglyConvexUpper]", "strongly convex, upper: max_T δ_T / (2L/(γn))", scUpper, requirement: .atMost(1), note: "O(1) [Hardt et al.]"))
        e.add(.exact("cell[stronglyConvexLower]", "strongly convex, lower: min_T δ_T·γn", scLower ?? .zero, requirement: .atLeast(1),
                     note: "Ω(1): bounded away from 0 at every T"))
        // Convex: Θ(aT/n) with constant 1 on HC-T1.
        let c = try NullSpaceQuadratic(beta: .one, second: HC_T1.half, curvatureAlongV: .zero, direction: .nullSpace, n: 10)
        let ray = try c.ray(schedule: .constant(HC_T1.half), plan: UpdatePlan(first: 0, count: 1000))
        let means = try ray.exactExpectations()
        var convexDeviation = Rational.zero
        for t in [100, 1000] {
            let rate = try HC_T1.half * Rational(t) / Rational(10)
            convexDeviation = max(convexDeviation, try (means[t - 1] / rate - .one).magnitude)
        }
        e.add(.exact("cell[convex]", "convex: max_T |E‖Δ_T‖/(aT/(βn)) − 1|", convexDeviation, requirement: .equals("0"),
                     note: "0: Θ(aT/n) with constant 1 — the upper O(aT/n) [Hardt et al.] and the lower Ω(aT/n) [Theorem 1] meet"))
        // Non-convex upper, Hardt et al.: consistency on the tent.
        let hnc = try HC_H_NC.check(HC_H_NC.Setup(), context)
        // A missing cell must not drop out of the table silently: the verdict would rest on the other cells alone.
        guard let f = hnc.figures.first(where: { $0.key == "lowerOverBound" }), let enclosure = f.enclosure else {
            throw NumericsError.invalidArgument(operation: "HC-TAB1", detail: "HC-H-NC returned no certified lowerOverBound figure")
        }
        e.add(.certified("cell[nonConvexUpperHardt]", "non-convex, upper [Hardt et al.]: stability lower bound / cited bound (tent)",
                         try Interval(enclosure.lower, enclosure.upper), requirement: .atMost(1), tolerance: .relative(1e-9),
                         note: "≤ 1: consistent (HC-H-NC)"))
        // Non-convex upper, this paper: refuted.
        let i = s.nonConvexUpper
        let ratio = try HC_T4.divergence(i).dividing(by: try Interval(2) * HC_T4.lipschitz(i) * HC_T4.rate(i))
        e.add(.certified("cell[nonConvexUpperOurs]", "non-convex, upper [this paper]: E‖Δ_T‖ / (2LT^a/n^{1+a}), n = \(i.n), a = \(i.a), T = \(i.horizon)",
                         ratio, requirement: .atMost(1), tolerance: .relative(1e-9), note: "> 1 refutes the cell (HC-T4: 2.08 at T = 200)"))
        // Non-convex lower: power growth above T^a/(3n^{1+a}).
        // Certified: the exact recursion (intervals once 128-bit rationals overflow) over √T/(3·100^{3/2}) = √T/3000.
        var ncLower: Interval?
        for t in [101, 10_000] {
            let d = try (try HC_T3.ray(HC_T3.Setup(), a: HC_LEM1.r(1, 2), n: 100, horizon: t).expectations().last ?? .zero).interval()
            let ratio = try d.dividing(by: try Interval(Double(t)).squareRoot().dividing(by: Interval(3000)))
            ncLower = ncLower.map { $0.lower <= ratio.lower ? $0 : ratio } ?? ratio
        }
        e.add(.certified("cell[nonConvexLower]", "non-convex, lower: min_T E‖Δ_T‖ / (T^a/(3n^{1+a})), a = 1/2, n = 100", try ncLower ?? Interval(0),
                         requirement: .atLeast(1), tolerance: .relative(1e-9), note: "≥ 1: the lower bound (HC-T3, loosely)"))
        // Hessian contractive, lower Ω(1): least squares keeps a positive divergence.
        let m = try LinearModelTwins.counterexample(n: 10)
        let (lower, _) = try m.meanDivergenceLowerBound(horizon: 2000)
        e.add(.certified("cell[contractiveLower]", "Hessian contractive, lower: certified lower bound on E‖Δ_T‖, least squares, T = 2000",
                         try Interval(lower), requirement: .greaterThan(0.5), tolerance: .relative(1e-9),
                         note: "> 1/2: bounded away from 0 (the limit is ‖w*_S − w*_S'‖ = 2)"))
        e.summary = "Every cell of the table holds on its construction."
        return e
    }
}
