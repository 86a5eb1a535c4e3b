import Constructions
import Foundation
import Numerics

/// LI-A2 (Assumption 2): the prior N(θ₀, diag(σ_j²)) is fixed before the data; the posterior at a learned θ is
/// N(θ, diag(1/ν_j)) with ν_j = max(H_f(θ)_jj, 1/σ_j²). The consequences checked: every precision is ≥ 1/σ_j² > 0 — so the
/// posterior exists even where the Hessian's diagonal is 0 or negative — and a coordinate keeps exactly the prior's
/// precision when its curvature is below the threshold.
enum LI_A2 {
    struct Setup: ClaimSetup {
        /// ν_j = max(H_jj, 1/σ_j²) (false: ν_j = H_jj, the un-thresholded diagonal).
        var thresholded = true
        var seed: UInt64 = 4016
    }

    static let samples = [SampleCount("instances", "random ReLU, leaky ReLU and tanh networks with per-layer prior variances", quick: 60, full: 600)]

    static let claim = Claim(
        "LI-A2", paper: Papers.hessianDynamics, location: "§6, Assumption 2 (Eqs. 42–44)",
        title: "Prior N(θ₀, diag σ²) and thresholded-Hessian posterior N(θ, diag(1/ν)), ν_j = max(H_jj, 1/σ_j²)",
        expected: .definition, tiers: [.exact], keyFigure: "nonPositivePrecisions",
        errata: [
            "The prior covariance is printed with σ_n²: it is diag(σ_1², …, σ_p²).",
            "σ_j² is called a variance of the posterior; it is the prior's.",
            "θ need not be a minimum: the posterior is defined at any learned θ; θ₀ and the σ_j must not depend on the sample (the initialisation drawn independently of S, or 0, qualifies).",
        ],
        statement: Statement(
            """
            The prior is P = N(θ₀, diag(σ_1², …, σ_p²)), chosen independently of the sample; the posterior at θ is \
            Q_θ = N(θ, diag(1/ν_1, …, 1/ν_p)) with ν_j = max(H_f(θ)_jj, 1/σ_j²). Hence ν_j ≥ 1/σ_j² > 0, so Q_θ is a proper \
            Gaussian even where H_f(θ)_jj ≤ 0, and its variance 1/ν_j ≤ σ_j², with the prior's precision kept exactly where \
            H_f(θ)_jj ≤ 1/σ_j².
            """,
            form: .definition,
            hypotheses: [Hypothesis("the precision is thresholded at the prior's, ν_j = max(H_jj, 1/σ_j²)", field: "thresholded")],
            construction: """
                LI-P1-CF's networks with ReLU, leaky ReLU and tanh in turn (seed 4016); H_f by forward-over-reverse \
                differentiation; prior variances per layer σ_l² = c·2/fan_in (the He initialisation's, c log-uniform in \
                [10⁻², 10²]), mean θ₀ = 0. Counted exactly: precisions ≤ 0, precisions below 1/σ_j², coordinates with \
                H_jj ≤ 1/σ_j² whose precision is not exactly 1/σ_j², and (hypothesis) coordinates with H_jj ≤ 0 — ReLU dead \
                units give 0, tanh can give negative — which are what makes the threshold necessary.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("thresholded", name: "un-thresholded precision", """
                ν_j = H_jj: coordinates with H_jj ≤ 0 get a non-positive precision and Q is no Gaussian.
                """) { $0.thresholded = false }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)
        let count = try context.count("instances")
        var relu = LI_P1_CF.Setup(), tanh = LI_P1_CF.Setup()
        relu.seed = s.seed; tanh.seed = s.seed + 1; tanh.activation = .tanh
        let all = try LI_P1_CF.instances(relu, count: count - count / 3) + LI_P1_CF.instances(tanh, count: count / 3)
        var nonPositive = 0, belowPrior = 0, notKept = 0, flat = 0, coordinates = 0, negativeCurvature = 0
        for inst in all {
            let h = try inst.net.hessian(inst.theta, data: inst.data)
            let c = Double.pow(10, 4 * rng.uniform() - 2)
            var variances: [Double] = []
            for l in 1..<inst.net.widths.count {
                variances += [Double](repeating: c * 2 / Double(inst.net.widths[l - 1]), count: inst.net.widths[l] * inst.net.widths[l - 1] + inst.net.widths[l])
            }
            for j in 0..<inst.net.parameterCount {
                let hjj = h[j, j], floor = 1 / variances[j]
                let nu = s.thresholded ? max(hjj, floor) : hjj
                if !(nu > 0) { nonPositive += 1 }
                if !(nu >= floor) { belowPrior += 1 }
                if hjj <= floor && nu != floor { notKept += 1 }
                if hjj <= 0 { flat += 1 }
                if hjj < 0 { negativeCurvature += 1 }
                coordinates += 1
            }
        }
        e.add(.count("thresholdNeeded", "coordinates (of \(coordinates)) with H_jj ≤ 0, \(negativeCurvature) of them negative", flat, role: .hypothesis,
                     requirement: .greaterThan(0), note: "> 0: without the threshold these would have no proper posterior variance"))
        e.add(.count("nonPositivePrecisions", "coordinates whose posterior precision ν_j is not > 0", nonPositive, requirement: .equals("0"), note: "0: Q_θ is a proper Gaussian"))
        e.add(.count("precisionsBelowPrior", "coordinates with ν_j < 1/σ_j² (posterior wider than the prior)", belowPrior, requirement: .equals("0"), note: "0"))
        e.add(.count("flatNotKept", "coordinates with H_jj ≤ 1/σ_j² whose precision is not exactly 1/σ_j²", notKept, requirement: .equals("0"),
                     note: "0: flat directions keep the prior"))
        e.summary = "The thresholded posterior is a proper Gaussian on every coordinate, never wider than the prior, and keeps the prior exactly in flat directions."
        return e
    }
}
