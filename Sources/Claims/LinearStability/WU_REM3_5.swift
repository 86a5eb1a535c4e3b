import Constructions
import Numerics

/// WU-REM3.5 (Remark 3.5): linear stability is local. Near an interpolating minimum θ* the SGD map linearizes to
/// δ ↦ δ − (η/B)Σ_b ∇²ℓ_b(θ*)δ, and at such a minimum each per-sample Hessian is exactly g_b g_bᵀ with the tangent
/// feature g_b = ∇f(x_b; θ*): the curvature of f drops out because the residual is zero. So the stability question,
/// and the alignment μ_min it needs, belong to the linear model on the tangent features at θ*, not to the model
/// globally. Exact: per-sample Hessians of deep linear networks by exact differences; away from the minimum the
/// residual term r_b·∇²f_b appears and the identification fails.
enum WU_REM3_5 {
    enum EvaluationPoint: String, Codable, Sendable { case minimum = "at θ*", elsewhere = "at θ* + (1/2, …, 1/2)" }

    struct Setup: ClaimSetup {
        var point = EvaluationPoint.minimum
        var instances = 10
    }

    static let claim = Claim(
        "WU-REM3.5", paper: Papers.linearStability, location: "§3, Remark 3.5",
        title: "Linear stability is local: at θ* the per-sample Hessians are the tangent features' g_i g_iᵀ",
        expected: .holds, tiers: [.exact], keyFigure: "perSampleHessianMismatch",
        statement: Statement(
            """
            Linear stability (Definition 3.1) depends on the model only through the linearized SGD map at θ*, whose \
            matrices are the per-sample Hessians ∇²ℓ_i(θ*); at an interpolating minimum these equal g_i g_iᵀ with the \
            tangent features g_i = ∇f(x_i; θ*). Hence alignment μ ≥ μ₀ is needed only for the linear model on those \
            features, not for the model away from θ*.
            """,
            hypotheses: [Hypothesis("the point is an interpolating minimum (every residual zero)", field: "point")],
            construction: """
                10 deep linear networks d → m → 1 (seed 93, d = 2 or 3, depth 2) with labels from a teacher θ*: every \
                per-sample Hessian of ℓ_i = ½(f(x_i; θ) − y_i)² at θ* by exact unit-step differences (exact for these \
                polynomials of degree ≤ 4 and per-coordinate degree ≤ 2) against g_i g_iᵀ; the network's loss is checked \
                to differ from its quadratic model at θ* + (1, …, 1), and at least one per-sample ∇²f_i to be non-zero, so \
                the identity is not trivial.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("point", name: "away from the minimum", "At θ* + (1/2, …, 1/2) the residuals are non-zero and ∇²ℓ_i = g_ig_iᵀ + r_i∇²f_i.") {
                $0.point = .elsewhere
            }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 93)
        var mismatch = Rational.zero, lossesDiffer = 0, curvedOutputs = 0
        for k in 0..<s.instances {
            let (set, _, teacher) = try OLMTrainingSet.randomDeepLinear(n: 3, d: 2 + k % 2, depth: 2, realizable: true, using: &rng)
            let point = s.point == .minimum ? teacher : try teacher.map { try $0 + Rational(1, 2) }
            let g = try set.sample(point).features
            var curved = false
            for i in 0..<set.inputs.count {
                let y = set.labels[i]
                let hl = try ExactDifferences.hessian({ th in
                    let r = try set.output(th, sample: i) - y
                    return try r * r / Rational(2)
                }, at: point)
                mismatch = max(mismatch, try Exact.maxAbsDifference(hl, try Exact.outer(g[i], g[i])))
                let hf = try ExactDifferences.hessian({ try set.output($0, sample: i) }, at: point)
                if try Exact.maxAbsDifference(hf, Exact.zeros(hf.count, hf.count)) > .zero { curved = true }
            }
            if curved { curvedOutputs += 1 }
            // The global loss is not the quadratic model: compare at θ* + 1.
            let shifted = try teacher.map { try $0 + .one }
            let delta = try Exact.subtract(shifted, teacher)
            let gStar = try set.sample(teacher).features
            var quadratic = Rational.zero
            for gi in gStar { let v = try Exact.dot(gi, delta); quadratic = try quadratic + v * v }
            quadratic = try quadratic / Rational(2 * gStar.count)
            if try set.loss(shifted) != quadratic { lossesDiffer += 1 }
        }
        e.add(.count("curvedOutputs", "instances with some ∇²f_i ≠ 0 at the evaluation point", curvedOutputs, role: .hypothesis,
                     requirement: .greaterThan(0), note: "the model is genuinely non-linear in θ"))
        e.add(.count("globalLossesDiffer", "instances whose loss at θ* + 1 differs from the quadratic model at θ*", lossesDiffer, role: .hypothesis,
                     requirement: .greaterThan(0), note: "the linearization describes only a neighbourhood"))
        e.add(.exact("perSampleHessianMismatch", "max over instances and samples of |∇²ℓ_i − g_i g_iᵀ| at the point", mismatch,
                     requirement: .equals("0"), note: "0: the linearized SGD map is the tangent-feature linear model's"))
        e.summary = "At every minimum each per-sample Hessian equals g_i g_iᵀ exactly, although the networks are curved and their losses are not quadratic."
        return e
    }
}
