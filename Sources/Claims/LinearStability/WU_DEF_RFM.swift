import Constructions
import Numerics

/// WU-DEF-RFM (App. D.2): the random-feature model f = m^{−1/2}Σθ_jφ(x; w_j), its features, k̂ = g_iᵀg_j, the kernel
/// k = E_w[φφ], and Proposition 2.4's instance — ReLU, w uniform on √d·S^{d−1}, unit inputs — where k(x, x′) = κ(xᵀx′).
enum WU_DEF_RFM {
    enum WeightLaw: String, Codable, Sendable {
        case sphereRadiusRootD = "w ~ Unif(√d·S^{d−1}) (and, separately, w ~ N(0, I_d))"
        case unitSphere = "w ~ Unif(S^{d−1}) (radius 1)"
    }

    struct Setup: ClaimSetup {
        var weights = WeightLaw.sphereRadiusRootD
        var dimension = 4
        /// Cosines of the input pairs (SIM-15 used z = 0.3 at d = 4).
        var cosines = [0.3, -0.8, 0.0, 0.9]
    }

    static let samples = [SampleCount("weightDraws", "random weights per input pair and weight law in the Monte Carlo of k(x, x′)", quick: 200_000, full: 2_000_000)]

    static let claim = Claim(
        "WU-DEF-RFM", paper: Papers.linearStability, location: "Appendix D.2 (random feature model) and Proposition 2.4's setting",
        title: "Random features: g_iᵀg_j = k̂(x_i, x_j); ReLU with w on √d·S^{d−1} gives k(x, x′) = κ(xᵀx′); alignment is scale-free",
        expected: .definition, tiers: [.statistical, .numerical], keyFigure: "kernelMonteCarloZ",
        errata: [
            "§2.2 writes the model without the factor m^{−1/2}, App. D.2 with it: μ, μ₁, μ₂, γ and τ do not depend on that scale, but the learning rate does (λ₁(H) scales by m).",
            "The kernel is printed with σ(wᵀx) where the feature function φ is meant.",
        ],
        statement: Statement(
            """
            A random-feature model is f(x; θ) = m^{−1/2}Σ_{j=1}^m θ_jφ(x; w_j) with w_j i.i.d. from π; its features are \
            g_i = m^{−1/2}(φ(x_i; w_1), …, φ(x_i; w_m)), so g_iᵀg_j = k̂(x_i, x_j) = (1/m)Σ_sφ(x_i; w_s)φ(x_j; w_s), whose mean \
            over the weights is k(x, x′) = E_w[φ(x; w)φ(x′; w)]. In Proposition 2.4's instance — φ = ReLU(wᵀx), w uniform on \
            the sphere of radius √d, x on the unit sphere — k(x, x′) = κ(xᵀx′) (as also for w ~ N(0, I_d)).
            """,
            form: .definition,
            hypotheses: [Hypothesis("the weights have E‖w‖² = d (sphere of radius √d, or N(0, I_d))", field: "weights"),
                         Hypothesis("the inputs are unit vectors (fixed pairs with the listed cosines)")],
            construction: """
                d = 4; for each cosine z ∈ {0.3, −0.8, 0, 0.9} a fixed unit pair (x, x′) with xᵀx′ = z; the mean of \
                ReLU(wᵀx)ReLU(wᵀx′) over random weights from each law, against κ(z), |z-score| ≤ Φ⁻¹(1 − 0.0005/8) \
                (99.9% family confidence over 4 pairs × 2 laws). Numerical: for an RFM sample (n = 12, m = 30, sphere, seed 31) \
                the Gram of the scaled features against k̂ summed directly, within (m + 4)·ε times the sum of the terms' \
                magnitudes; γ, τ and μ at a random residual with and without the m^{−1/2} scale, within 8(n + m)·ε relative \
                (the scale multiplies K by m, which changes each sum's rounding only).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("weights", name: "unit-norm weights", """
                w uniform on the unit sphere: E‖w‖² = 1 instead of d, so k = κ/d and the Monte Carlo misses κ by a factor d = 4.
                """) { $0.weights = .unitSphere }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let d = s.dimension
        let draws = try context.count("weightDraws")
        let zCrit = try Statistics.normalQuantile(1 - 0.0005 / Double(2 * s.cosines.count))
        var worst = 0.0
        for (k, z) in s.cosines.enumerated() {
            // x = e₁, x′ = z·e₁ + √(1 − z²)·e₂.
            var x = [Double](repeating: 0, count: d), y = x
            x[0] = 1; y[0] = z; y[1] = (1 - z * z).squareRoot()
            for (law, gaussian) in [("sphere", false), ("gaussian", true)] {
                var rng = SeededGenerator(seed: 3_100 + UInt64(k) * 2 + (gaussian ? 1 : 0))
                var acc = Welford<Double>()
                let radius = s.weights == .unitSphere ? 1.0 : Double(d).squareRoot()
                for _ in 0..<draws {
                    let w: [Double]
                    if gaussian {
                        let g = (0..<d).map { _ in rng.normal() }
                        w = s.weights == .unitSphere ? g.map { $0 / Double(d).squareRoot() } : g
                    } else {
                        w = try rng.onSphere(dimension: d, radius: radius)
                    }
                    try acc.add(max(0, try Vector.dot(w, x)) * max(0, try Vector.dot(w, y)))
                }
                let score = abs(acc.mean - ReLUSphereKernel.kappa(z)) / (try acc.standardError())
                worst = max(worst, score)
                e.add(Figure("kernelMonteCarlo[z=\(z),\(law)]", "Monte Carlo k(x, x′) at xᵀx′ = \(z), \(law) weights", value: acc.mean, tier: .statistical,
                             tolerance: .relative(1e-9), note: "κ(\(z)) = \(ReLUSphereKernel.kappa(z)); z-score \(score); \(draws) draws"))
            }
        }
        e.add(Figure("kernelMonteCarloZ", "max |Monte Carlo k − κ(z)| / se over 4 pairs and 2 weight laws", value: worst, tier: .statistical,
                     requirement: .atMost(zCrit), tolerance: .relative(1e-6),
                     note: "≤ Φ⁻¹(1 − 0.0005/8) = \(zCrit): k(x, x′) = κ(xᵀx′) at 99.9% family confidence (SIM-15: 0.24121 ± 0.00037 vs κ(0.3) = 0.24137)"))
        // Numerical: Gram of the features = k̂, and scale invariance of the alignment factors.
        let rfm = try ReLURandomFeatures.sample(n: 12, m: 30, d: d, distribution: .sphere, seed: 31)
        let a = rfm.features(Double.self)
        let raw = rfm.features(Double.self, scaled: false)
        let gram = try KernelAlignment(features: a)
        var worstGram = 0.0
        for i in 0..<rfm.n {
            for j in 0..<rfm.n {
                var direct = 0.0, magnitude = 0.0
                for sIdx in 0..<rfm.m { let t = raw[i, sIdx] * raw[j, sIdx]; direct += t; magnitude += abs(t) }
                direct /= Double(rfm.m); magnitude /= Double(rfm.m)
                worstGram = max(worstGram, abs(gram.kernel[i, j] - direct) / (Double(rfm.m + 4) * Double.ulpOfOne * max(magnitude, .leastNormalMagnitude)))
            }
        }
        e.add(Figure("gramEqualsKernelHat", "max |g_iᵀg_j − k̂(x_i, x_j)| / ((m + 4)·ε·Σ|terms|/m)", value: worstGram, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the features' Gram matrix is the empirical kernel k̂"))
        let unscaled = try KernelAlignment(features: raw)
        var rng = SeededGenerator(seed: 32)
        let res = (0..<rfm.n).map { _ in rng.normal() }
        let (mu, mu1, mu2) = try gram.alignment(residuals: res)
        let (muU, mu1U, mu2U) = try unscaled.alignment(residuals: res)
        let tolerance = 8 * Double(rfm.n + rfm.m) * Double.ulpOfOne
        let pairs = [(mu, muU), (mu1, mu1U), (mu2, mu2U), (gram.gamma, unscaled.gamma), (try gram.tau(), try unscaled.tau())]
        let worstScale = pairs.map { abs($0.0 - $0.1) / (tolerance * abs($0.0)) }.max()!
        e.add(Figure("scaleInvariance", "max over μ, μ₁, μ₂, γ, τ of |with − without m^{−1/2}| / (8(n + m)ε·value)", value: worstScale, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the alignment factors do not see the m^{−1/2} scale"))
        let ratio = try unscaled.topEigenvalue() / (try gram.topEigenvalue())
        e.add(Figure("hessianScaleRatio", "λ₁(H) without / with m^{−1/2}", value: ratio, tier: .numerical, tolerance: .relative(1e-9),
                     note: "= m = \(rfm.m): a learning rate tuned for one parametrisation is m times too large for the other"))
        e.summary = "k(x, x′) = κ(xᵀx′) for both weight laws, g_iᵀg_j = k̂, and the alignment factors are invariant to the m^{−1/2} scale."
        return e
    }
}
