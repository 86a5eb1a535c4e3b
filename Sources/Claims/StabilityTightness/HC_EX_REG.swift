import Constructions
import Foundation
import Numerics

/// HC-EX-REG (refuted as stated): least squares has rank-one per-sample Hessians yet, the paper says, Theorem
/// 2 still gives a non-accumulating divergence — the HC-T2 counterexample is least squares and refutes it; the
/// corrected theorem (HC-T2-CORR) holds. For logistic regression γ > 0 only on a bounded region.
enum HC_EX_REG {
    struct Setup: ClaimSetup {
        var instances = [HC_T2.Instance(kind: .counterexample, n: 10, horizon: 1777)]
        /// Radii of the balls on which the logistic curvature γ(D) is reported.
        var logisticRadii = [0.5, 2, 5]
    }

    static let claim = Claim(
        "HC-EX-REG", paper: Papers.stabilityTightness, location: "§3.1, example after Remark 1",
        title: "Least squares (rank-one per-sample Hessians) has non-accumulating divergence by Theorem 2 — refuted",
        expected: .refutedAsStated, tiers: [.exact, .certified, .statistical], keyFigure: "certifiedLowerOverBound[1]",
        errata: [
            """
            The logistic loss log(1 + e^{−yu}) has f″ = s(u)(1 − s(u)) ∈ (0, 1/4] with infimum 0 over ℝ, so "a similar \
            result for logistic regression" needs the domain reading: γ(D) = s(U)(1 − s(U)) with U = max |u| on the region, \
            which decays like e^{−U} (the figures report it for three radii).
            """,
        ],
        statement: Statement(
            """
            For least squares, f = (1/2n)Σ(x_jᵀw − y_j)², each per-sample Hessian x_j x_jᵀ has rank one (no strong convexity), \
            yet f″_y = 1, so Theorem 2 applies and the divergence does not accumulate: E‖Δ_T‖ ≤ 4LR/(ξn) for all T.
            """,
            hypotheses: [Hypothesis("least squares, with every constant of Theorem 2 computed on the visited region", field: "instances")],
            construction: """
                The HC-T2 counterexample (least squares, ξ = 1, rigorous L = 2.118, n = 10, T = 1777), checked with the same \
                certified and Monte Carlo comparison; the rank of each per-sample Hessian exactly; the logistic γ(D) on balls of \
                radius 0.5, 2 and 5 around 0 (data with ‖x‖ ≤ R).
                """,
            setup: Setup(), samples: HC_T2.samples, check: check,
            controls: [
                .sanity(name: "well-conditioned random data", """
                    On random Gaussian data the same check accepts: least squares does not always violate the printed bound.
                    """) { $0.instances = [HC_T2.Instance(kind: .random, n: 20, horizon: 3000, seed: 2)] },
            ]),
        repair: .claim("HC-T2-CORR"))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = try HC_T2.check(HC_T2.Setup(instances: s.instances), context)
        // Rank of every per-sample Hessian x xᵀ: 1 when x ≠ 0 (every column is a multiple of x), 0 for x = 0.
        var maxRank = 0
        for inst in s.instances {
            for x in try HC_T2.build(inst).features { maxRank = max(maxRank, x.contains { $0 != 0 } ? 1 : 0) }
        }
        e.add(.count("maxPerSampleHessianRank", "max rank of the per-sample Hessians x xᵀ", maxRank, note: "1: no per-sample strong convexity, as the example says"))
        for rad in s.logisticRadii {
            let u = rad * 1.2 // U = radius × max‖x‖ for data with ‖x‖ ≤ 1.2 (the counterexample's R = 1.118 rounded up)
            let sig = 1 / (1 + exp(-u))
            e.add(Figure("logisticGamma[radius=\(rad)]", "γ(D) = s(U)(1 − s(U)) on the ball of radius \(rad)", value: sig * (1 - sig), tier: .numerical,
                         tolerance: .relative(1e-12), note: "inf of the logistic curvature on the region; tends to 0 with the radius"))
        }
        return e
    }
}
