import Constructions
import Numerics

/// WU-DEF-LIN (Eqs. 5–6, Remark 2.2): the linearized SGD δ⁺ = (I − (η/B)Σ_{i∈I}g_ig_iᵀ)δ is exactly SGD on the
/// linearized model f_lin(x; θ) = f(x; θ*) + ⟨θ − θ*, ∇f(x; θ*)⟩ with labels y_i = f(x_i; θ*); its noise is
/// Σ(δ) = (1/n)Σ(g_iᵀδ)²g_ig_iᵀ − Hδδᵀ H.
enum WU_DEF_LIN {
    enum Labels: String, Codable, Sendable { case atMinimum = "y_i = f(x_i; θ*)", shifted = "y_i = f(x_i; θ*) + 1 (not interpolating)" }

    struct Setup: ClaimSetup {
        var labels = Labels.atMinimum
        var instances = 8
    }

    static let claim = Claim(
        "WU-DEF-LIN", paper: Papers.linearStability, location: "§3, Eqs. (5)–(6) and Remark 2.2",
        title: "Linearized SGD (5) is exactly SGD on the linearized model (6) with interpolating labels",
        expected: .definition, tiers: [.exact], keyFigure: "stepMismatch",
        statement: Statement(
            """
            With g_i = ∇f(x_i; θ*) and δ = θ − θ*, the linearized SGD δ_{t+1} = (I − ηH_{I_t})δ_t, H_I = (1/B)Σ_{i∈I}g_ig_iᵀ, \
            coincides step by step with SGD on f_lin(x; θ) = f(x; θ*) + ⟨θ − θ*, g(x)⟩ with labels y_i = f(x_i; θ*); the \
            linearized noise is Σ(δ) = (1/n)Σ(g_iᵀδ)²g_ig_iᵀ − Hδδᵀ H.
            """,
            form: .definition,
            hypotheses: [Hypothesis("the labels are the minimum's outputs (interpolation)", field: "labels")],
            construction: """
                8 deep linear networks d → m → 1 (seed 85) at a teacher θ*: tangent features g_i, random rational δ and \
                η = 1/4, B = 2; for every one of the n² ordered batches, the step of (5) against the SGD step on (6) computed \
                from f_lin's residuals — exactly; and Σ(δ) from per-sample gradients of (6) against the closed form.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("labels", name: "labels off the minimum", "With y_i = f(x_i; θ*) + 1 the SGD step on (6) has an extra drift (η/B)Σg_i.") {
                $0.labels = .shifted
            }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 85)
        var stepMismatch = Rational.zero, noiseMismatch = Rational.zero
        let eta = try Rational(1, 4), b = 2
        for k in 0..<s.instances {
            let (set, _, teacher) = try OLMTrainingSet.randomDeepLinear(n: 3, d: 2 + k % 2, depth: 2, realizable: true, using: &rng)
            let g = try set.sample(teacher).features
            let fStar = try (0..<set.inputs.count).map { try set.output(teacher, sample: $0) }
            let labels = try fStar.map { s.labels == .atMinimum ? $0 : try $0 + .one }
            let delta = try (0..<teacher.count).map { _ in try Rational(try rng.int(below: 5) - 2, 2) }
            let n = g.count
            for i in 0..<n {
                for j in 0..<n {
                    // (5): δ − (η/B)Σ_b g_b g_bᵀ δ.
                    var lin = delta
                    for q in [i, j] { lin = try Exact.subtract(lin, try Exact.scale(g[q], by: try eta / Rational(b) * Exact.dot(g[q], delta))) }
                    // SGD on (6): residual r_q = f(x_q; θ*) + g_qᵀδ − y_q; θ⁺ − θ* = δ − (η/B)Σ r_q g_q.
                    var sgd = delta
                    for q in [i, j] {
                        let r = try fStar[q] + Exact.dot(g[q], delta) - labels[q]
                        sgd = try Exact.subtract(sgd, try Exact.scale(g[q], by: try eta / Rational(b) * r))
                    }
                    stepMismatch = max(stepMismatch, try zip(lin, sgd).map { try ($0 - $1).magnitude }.max() ?? .zero)
                }
            }
            // Σ(δ) from per-sample gradients of (6) (residuals g_iᵀδ) against the closed form.
            let sample = try FiniteSample(features: g, residuals: try g.map { try Exact.dot($0, delta) })
            let sigma = try sample.moments().covariance()
            let h = try sample.moments().gram
            var closed = Exact.zeros(delta.count, delta.count)
            for gi in g { closed = try Exact.add(closed, try Exact.scale(try Exact.outer(gi, gi), by: try Exact.dot(gi, delta) * Exact.dot(gi, delta) / Rational(n))) }
            let hd = try Exact.apply(h, delta)
            closed = try Exact.subtract(closed, try Exact.outer(hd, hd))
            noiseMismatch = max(noiseMismatch, try Exact.maxAbsDifference(sigma, closed))
        }
        e.add(.exact("stepMismatch", "max |step of (5) − SGD step on (6)| over all batches", stepMismatch, requirement: .equals("0"), note: "0: the same dynamics"))
        e.add(.exact("noiseMismatch", "max |Σ(δ) − [(1/n)Σ(g_iᵀδ)²g_ig_iᵀ − Hδδᵀ H]|", noiseMismatch, requirement: .equals("0"), note: "0"))
        e.summary = "Every batch step of (5) equals the SGD step on (6); Σ(δ) has the stated closed form."
        return e
    }
}
