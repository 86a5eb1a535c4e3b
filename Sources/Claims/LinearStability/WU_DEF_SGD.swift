import Constructions
import Numerics

/// WU-DEF-SGD (Eq. 1): mini-batch SGD θ⁺ = θ − (η/B)Σ_{i∈I}∇L_i = θ − η(∇L + ξ) with E ξ = 0 and E ξξᵀ = Σ(θ)/B,
/// Σ = (1/n)Σ∇L_i∇L_iᵀ − ∇L∇Lᵀ — exact for batches drawn with replacement, checked by enumerating every batch.
enum WU_DEF_SGD {
    struct Setup: ClaimSetup {
        var sampling = MinibatchSampling.withReplacement
        var instances = 12
    }

    static let claim = Claim(
        "WU-DEF-SGD", paper: Papers.linearStability, location: "§1, Eq. (1)",
        title: "Mini-batch noise: E ξ = 0 and E ξξᵀ = Σ(θ)/B exactly — for batches drawn with replacement",
        expected: .definition, tiers: [.exact], keyFigure: "covarianceMismatch",
        errata: ["The sampling scheme is never stated; Σ/B is exact only with replacement (without replacement the covariance is (n − B)/(B(n − 1))·Σ, WU-X-SAMPLING)."],
        statement: Statement(
            """
            SGD updates θ_{t+1} = θ_t − (η/B)Σ_{i∈I_t}∇L_i(θ_t) = θ_t − η(∇L(θ_t) + ξ_t) with a mini-batch I_t of B indices; the \
            noise has E[ξ_t] = 0 and E[ξ_tξ_tᵀ] = Σ(θ_t)/B, where Σ(θ) = (1/n)Σ_i ∇L_i∇L_iᵀ − ∇L∇Lᵀ.
            """,
            form: .definition,
            hypotheses: [Hypothesis("batch indices are drawn independently and uniformly, with replacement", field: "sampling")],
            construction: """
                12 random square-loss instances (seed 71): integer features g_i ∈ ℤᵖ and residuals e_i (n ∈ 3…6, p ∈ 1…3, \
                B ∈ 2…3), per-sample gradients ∇L_i = e_ig_i; all nᴮ ordered batches enumerated in rationals (each of \
                probability n^{−B}).
                """,
            setup: Setup(), check: check,
            controls: [.dropping("sampling", name: "batches without replacement", """
                Enumerate batches of distinct indices: E ξξᵀ = (n − B)/(B(n − 1))·Σ, not Σ/B.
                """) { $0.sampling = .withoutReplacement }]))

    static func gradients(_ rng: inout SeededGenerator) throws -> (grads: [[Rational]], batch: Int) {
        let n = 3 + (try rng.int(below: 4)), p = 1 + (try rng.int(below: 3)), b = 2 + (try rng.int(below: 2))
        let grads = try (0..<n).map { _ -> [Rational] in
            let e = Rational(try rng.int(below: 7) - 3)
            return try (0..<p).map { _ in try e * Rational(try rng.int(below: 5) - 2) }
        }
        return (grads, b)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 71)
        var meanMismatch = Rational.zero, covMismatch = Rational.zero
        for _ in 0..<s.instances {
            let (grads, b) = try gradients(&rng)
            let moments = try MinibatchGradientCovariance.enumerate(gradients: grads, batchSize: b, sampling: s.sampling)
            let mean = try MinibatchGradientCovariance.meanGradient(grads)
            meanMismatch = max(meanMismatch, try zip(moments.mean, mean).map { try ($0 - $1).magnitude }.max() ?? .zero)
            covMismatch = max(covMismatch, try Exact.maxAbsDifference(moments.covariance,
                                                                      try MinibatchGradientCovariance.withReplacementFormula(grads, batchSize: b)))
        }
        e.add(.exact("meanMismatch", "max |E[(1/B)Σ_{i∈I}∇L_i] − ∇L|", meanMismatch, requirement: .equals("0"), note: "0: E ξ = 0 (either scheme)"))
        e.add(.exact("covarianceMismatch", "max |E ξξᵀ − Σ/B| over entries and instances", covMismatch, requirement: .equals("0"),
                     note: "0: the noise covariance is Σ/B exactly (\(s.sampling.rawValue))"))
        e.summary = "Enumerating every batch, the noise has mean 0 and covariance exactly Σ/B."
        return e
    }
}
