import Constructions
import Foundation
import Numerics

/// LI-C4 (Corollary 4): Theorem 4 with an isotropic prior N(θ₀, σ²I). The right-hand side becomes
/// (1/(2n))(Σ_{l ≤ d̃} ln(ν̃_l σ²) + ‖θ − θ₀‖²/σ²) + ln((n + 1)/δ)/n. Checked: that this printed form is Theorem 4's
/// right-hand side when the prior is isotropic, and that it covers in LI-T4's non-vacuous logistic regime.
enum LI_C4 {
    struct Setup: ClaimSetup {
        /// σ_j = σ for every coordinate (false: the intercept's prior variance is 4σ² while the formula still uses σ²).
        var isotropic = true
        var delta = 0.05
        var seed: UInt64 = 4017
    }

    static let samples = [SampleCount("datasets", "independent Gauss-2 samples (LI-T4's regime), each with σ² ∈ {1, 100}", quick: 100, full: 1_000)]

    static let claim = Claim(
        "LI-C4", paper: Papers.hessianDynamics, location: "§6, Corollary 4 (Eq. 52)",
        title: "Isotropic-prior form of the scale-invariant PAC-Bayes bound",
        expected: .holds, tiers: [.numerical, .statistical], keyFigure: "formula",
        errata: [
            "The left-hand side is printed as KL(ℓ(Q, S) ‖ ℓ(Q, D)); it is the Bernoulli kl of the two error rates.",
            "'ν̃_(s)' in the sum should be ν̃_(l); '1/(2(n))' is 1/(2n); the prior N(θ₀, σ²) means N(θ₀, σ²I_p).",
            "'Isotropic' means equal σ_j, not σ_j = 1 as the text around it says.",
        ],
        statement: Statement(
            """
            With the prior N(θ₀, σ²I) fixed before the sample and the posterior of Assumption 2, for a loss in [0, 1], with \
            probability at least 1 − δ over S ~ Dⁿ: kl(ℓ(Q_θ, S) ‖ ℓ(Q_θ, D)) ≤ (1/(2n))(Σ_{l ≤ d̃} ln(ν̃_l σ²) + ‖θ − θ₀‖²/σ²) + \
            ln((n + 1)/δ)/n, the sum over the d̃ coordinates with H_f(θ)_jj > 1/σ².
            """,
            hypotheses: [Hypothesis("the prior is isotropic: σ_j = σ for every j", field: "isotropic")],
            construction: """
                LI-T4's Gauss-2 regime (d = 5, n = 500, logistic regression with intercept by Newton; seed 4017), prior mean 0, \
                σ² ∈ {1, 100}, δ = 0.05. The printed right-hand side is computed from its own formula (sum over the crossing \
                coordinates only) and compared with Theorem 4's general one (EC + WFN over all coordinates with σ_j²), in units of \
                60·p·ε·Σ|terms|/(2n). Coverage as in LI-T4, with the printed right-hand side.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("isotropic", name: "anisotropic prior", """
                The intercept's prior variance is 4σ² while the corollary's formula still uses σ²: it is no longer Theorem 4's \
                right-hand side.
                """) { $0.isotropic = false }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var t4 = LI_T4.Setup()
        t4.seed = s.seed
        let count = try context.count("datasets")
        let (test, samples) = try LI_T4.datasets(t4, .gaussTwo, count: count)
        var worst = 0.0, violations = 0, trials = 0
        for sigma2 in [1.0, 100] {
            for set in samples {
                let n = Double(set.model.count), p = set.model.parameterCount
                let h = set.model.hessianDiagonal(set.theta)
                let variances = (0..<p).map { j in s.isotropic || j < p - 1 ? sigma2 : 4 * sigma2 }
                let general = try ThresholdedPosteriorKL(theta: set.theta, priorMean: [Double](repeating: 0, count: p), priorVariance: variances, hessianDiagonal: h)
                var curvature = 0.0, distance = 0.0
                for j in 0..<p where h[j] > 1 / sigma2 { curvature += log(h[j] * sigma2) }
                for j in 0..<p { distance += set.theta[j] * set.theta[j] / sigma2 }
                let slack = log((n + 1) / s.delta) / n
                let printed = (curvature + distance) / (2 * n) + slack
                let theorem = (general.ec + general.wfn) / (2 * n) + slack
                worst = propagatingMax(worst, abs(printed - theorem) / (60 * Double(p) * Double.ulpOfOne * (general.magnitude / (2 * n) + slack)))
                let nu = (0..<p).map { max(h[$0], 1 / variances[$0]) }
                let train = try set.model.gibbsError(set.theta, posteriorVariance: nu.map { 1 / $0 })
                let truth = try test.gibbsError(set.theta, posteriorVariance: nu.map { 1 / $0 })
                if try PACBayesKL.divergence(train, truth) > printed { violations += 1 }
                trials += 1
            }
        }
        e.add(Figure("formula", "max over samples and σ² of |printed RHS − Theorem 4's RHS|, in units of 60·p·ε·Σ|terms|/(2n)", value: worst, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: with σ_j = σ the corollary is Theorem 4 (non-crossing coordinates contribute ln 1 = 0)"))
        let cp = try RankTests.clopperPearson(successes: violations, trials: trials, level: 0.95)
        e.add(.count("violations", "samples × prior variances (\(trials)) where kl(train ‖ true) exceeds the printed right-hand side", violations, role: .reported,
                     note: "Clopper–Pearson 95%: [\(String(format: "%.3f", cp.lower)), \(String(format: "%.3f", cp.upper))]"))
        e.add(Figure("coverage", "Clopper–Pearson 95% upper limit of the violation frequency", value: cp.upper, tier: .statistical, requirement: .atMost(s.delta),
                     tolerance: .absolute(0.02), note: "≤ δ = \(s.delta)"))
        e.summary = "With an isotropic prior the printed right-hand side equals Theorem 4's to rounding and covers on every sample."
        return e
    }
}
