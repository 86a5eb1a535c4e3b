import Constructions
import Foundation
import Numerics

/// LI-DEF-SG (Sec. 3; Sec. 5.2, eqs 23–26): the mini-batch stochastic gradient with m indices drawn with replacement has
/// mean μ, covariance Σ/m and second moment M^(m) = Σ/m + μμᵀ — exactly, by enumerating every batch — and the paper's
/// model of it, SG = μ + Σ^{1/2}g/√m with g uniform on the sphere of radius √p, reproduces these two moments because
/// E g = 0 and E ggᵀ = I_p (checked by Monte Carlo).
enum LI_DEF_SG {
    enum Radius: String, Codable, Sendable { case sqrtP = "√p", unit = "1" }

    struct Setup: ClaimSetup {
        var sampling = MinibatchSampling.withReplacement
        var sphereRadius = Radius.sqrtP
        var sphereDimension = 5
        var seed: UInt64 = 4103
    }

    static let samples = [
        SampleCount("exactInstances", "integer per-sample gradients (n ∈ 3…6, m ∈ 2…3, p ∈ 1…3), every ordered batch enumerated", quick: 40, full: 400),
        SampleCount("sphereDraws", "draws of g on the sphere", quick: 100_000, full: 1_000_000),
    ]

    static let claim = Claim(
        "LI-DEF-SG", paper: Papers.hessianDynamics, location: "§3 (text) and §5.2, Eqs. (23)–(26)",
        title: "Mini-batch SG: mean μ, covariance Σ/m, second moment Σ/m + μμᵀ (with replacement); the sphere model has E ggᵀ = I",
        expected: .definition, tiers: [.exact, .numerical, .statistical], keyFigure: "covarianceMismatch[exact]",
        errata: [
            "The moments Σ/m and Σ/m + μμᵀ are exact only for indices drawn with replacement (App. A.1 says so); without replacement the covariance is Σ(n − m)/(m(n − 1)).",
            "The sphere model (25) matches only the first two moments of a real mini-batch gradient, whose law is discrete with at most nᵐ atoms; results that use only means and covariances carry over to real SGD, tail bounds do not automatically.",
        ],
        statement: Statement(
            """
            Let SG = (1/m)Σ_{b=1}^m g_{i_b} be the average of the per-sample gradients over m indices drawn independently \
            and uniformly from {1…n}. Then E[SG] = μ, Cov[SG] = Σ/m and E[SG SGᵀ] = Σ/m + μμᵀ (μ, Σ with weight 1/n). In the \
            model SG = μ + Σ^{1/2}g/√m, with g uniform on the sphere of radius √p in ℝᵖ, ‖g‖ = √p, E g = 0 and E ggᵀ = I_p, \
            so the model has the same mean and covariance.
            """,
            form: .definition,
            hypotheses: [
                Hypothesis("batch indices are drawn independently and uniformly, with replacement", field: "sampling"),
                Hypothesis("g is uniform on the sphere of radius √p", field: "sphereRadius"),
            ],
            construction: """
                (a) Integer gradients g_i ∈ {−4…4}ᵖ (seed 4103; instances with Σ = 0, on which every scheme agrees, are \
                redrawn), all nᵐ ordered batches enumerated in exact rationals (each of probability n^{−m}), compared with \
                μ, Σ/m and Σ/m + μμᵀ; batches of distinct indices are enumerated too and compared with Σ(n − m)/(m(n − 1)). \
                (b) g = √p·z/‖z‖, z ~ N(0, I_p), p = 5: ‖g‖ against √p (relative error ≤ (2p + 6)u = (p + 3)ε from the \
                normalisation and the norm, times 4 for the scaled norm's extra roundings); the sample mean of g and of ggᵀ \
                against 0 and I, each entry standardised by its exact standard deviation (Var g_a = 1, Var g_a² = 2(p − 1)/(p + 2), \
                Var g_ag_b = p/(p + 2), from E g_a⁴ = 3p/(p + 2) and E g_a²g_b² = p/(p + 2)), against the Bonferroni \
                threshold for a family-wise 99.9% level over the p + p(p + 1)/2 entries.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("sampling", name: "batches without replacement", """
                    Batches of m distinct indices: the covariance is Σ(n − m)/(m(n − 1)), not Σ/m, for every m ≥ 2.
                    """) { $0.sampling = .withoutReplacement },
                .dropping("sphereRadius", name: "unit sphere", """
                    g uniform on the unit sphere: E ggᵀ = I/p and ‖g‖ = 1, so the model's covariance is Σ/(pm).
                    """) { $0.sphereRadius = .unit },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)

        // (a) exact enumeration.
        let count = try context.count("exactInstances")
        var meanMismatch = Rational.zero, covMismatch = Rational.zero, secondMismatch = Rational.zero, withoutMismatch = Rational.zero
        var redrawn = 0, batches = 0
        var drawn = 0
        while drawn < count {
            let n = 3 + (try rng.int(below: 4)), m = 2 + (try rng.int(below: 2)), p = 1 + (try rng.int(below: 3))
            let g = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 9) - 4) } }
            let moments = try GradientMoments(gradients: g)
            guard moments.covariance.joined().contains(where: { !$0.isZero }) else {
                redrawn += 1
                guard redrawn <= 100 * count else { throw NumericsError.invalidArgument(operation: "LI-DEF-SG instances", detail: "\(redrawn) draws with Σ = 0") }
                continue
            }
            drawn += 1
            let enumerated = try MinibatchGradientCovariance.enumerate(gradients: g, batchSize: m, sampling: s.sampling)
            batches += enumerated.batchCount
            let invM = try Rational(1, m)
            let sigmaOverM = try Exact.scale(moments.covariance, by: invM)
            meanMismatch = max(meanMismatch, try Exact.subtract(enumerated.mean, moments.mean).map(\.magnitude).max() ?? .zero)
            covMismatch = max(covMismatch, try Exact.maxAbsDifference(enumerated.covariance, sigmaOverM))
            // E[SG SGᵀ] = Cov + (E SG)(E SG)ᵀ against Σ/m + μμᵀ (26).
            let second = try Exact.add(enumerated.covariance, try Exact.outer(enumerated.mean, enumerated.mean))
            secondMismatch = max(secondMismatch, try Exact.maxAbsDifference(second, try Exact.add(sigmaOverM, try Exact.outer(moments.mean, moments.mean))))
            // Without replacement: Σ(n − m)/(m(n − 1)) (the control's covariance, checked here on every instance).
            let without = try MinibatchGradientCovariance.enumerate(gradients: g, batchSize: m, sampling: .withoutReplacement)
            let factor = try Rational(n - m, m * (n - 1))
            withoutMismatch = max(withoutMismatch, try Exact.maxAbsDifference(without.covariance, try Exact.scale(moments.covariance, by: factor)))
        }
        e.add(.count("redrawnDegenerate", "draws redrawn because Σ = 0 (every sampling scheme would agree there)", redrawn,
                     note: "the \(count) instances kept have Σ ≠ 0 and m ≥ 2, so Σ/m and Σ(n − m)/(m(n − 1)) differ"))
        e.add(.exact("meanMismatch[exact]", "max |E[SG] − μ| over \(count) instances (\(batches) batches enumerated)", meanMismatch, requirement: .equals("0"),
                     note: "0: the mini-batch gradient is unbiased"))
        e.add(.exact("covarianceMismatch[exact]", "max |Cov[SG] − Σ/m|", covMismatch, requirement: .equals("0"), note: "0: Cov[SG] = Σ/m exactly (\(s.sampling.rawValue))"))
        e.add(.exact("secondMomentMismatch[exact]", "max |E[SG SGᵀ] − (Σ/m + μμᵀ)|", secondMismatch, requirement: .equals("0"), note: "0: Eq. (26)"))
        e.add(.exact("withoutReplacementFormula[exact]", "max |Cov[SG without replacement] − Σ(n − m)/(m(n − 1))|", withoutMismatch, role: .crossCheck,
                     requirement: .equals("0"), note: "0: the finite-population factor, so the control's failure is the predicted one"))

        // (b) the sphere sampler.
        let p = s.sphereDimension, draws = try context.count("sphereDraws")
        let radius = s.sphereRadius == .sqrtP ? Double(p).squareRoot() : 1
        var sum = [Double](repeating: 0, count: p)
        var outer = [Double](repeating: 0, count: p * p)
        var worstNorm = 0.0
        for _ in 0..<draws {
            let g = try rng.onSphere(dimension: p, radius: radius)
            worstNorm = propagatingMax(worstNorm, abs(Vector.norm2(g) - Double(p).squareRoot()) / Double(p).squareRoot())
            for a in 0..<p {
                sum[a] += g[a]
                for b in a..<p { outer[a * p + b] += g[a] * g[b] }
            }
        }
        let r = Double(draws), dp = Double(p)
        var worstZ = 0.0
        for a in 0..<p {
            worstZ = propagatingMax(worstZ, abs(sum[a] / r) / (1 / r).squareRoot())
            for b in a..<p {
                let mean = outer[a * p + b] / r
                let z = a == b ? abs(mean - 1) / (2 * (dp - 1) / ((dp + 2) * r)).squareRoot() : abs(mean) / (dp / ((dp + 2) * r)).squareRoot()
                worstZ = propagatingMax(worstZ, z)
            }
        }
        let tests = p + p * (p + 1) / 2
        let threshold = try Statistics.normalQuantile(1 - 0.001 / (2 * Double(tests)))
        e.add(Figure("sphereNormError", "max over draws of |‖g‖ − √p|/√p in units of 4(p + 3)ε (p = \(p))", value: worstNorm / (4 * Double(p + 3) * Double.ulpOfOne),
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: every draw lies on the sphere of radius √p to rounding"))
        e.add(Figure("sphereMomentZ", "max over the \(tests) entries of E g and E ggᵀ of |sample mean − (0 or I)|/sd, divided by the Bonferroni threshold \(String(format: "%.2f", threshold))",
                     value: worstZ / threshold, tier: .statistical, requirement: .atMost(1), tolerance: .relative(1e-9),
                     note: "≤ 1: E g = 0 and E ggᵀ = I_p at family-wise 99.9% confidence (\(draws) draws, seed \(s.seed))"))
        e.summary = "Enumerating every batch, the mini-batch gradient has mean μ, covariance Σ/m and second moment Σ/m + μμᵀ exactly; the sphere sampler has ‖g‖ = √p and E ggᵀ = I."
        return e
    }
}
