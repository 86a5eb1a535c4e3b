import Constructions
import Numerics

/// WU-X-SAMPLING (our addition): without replacement the mini-batch noise covariance is (n − B)/(B(n − 1))·Σ, not
/// Σ/B — so Theorem 3.3's B is the with-replacement batch size (the effective one without replacement is
/// B(n − 1)/(n − B)), and B = n without replacement is noiseless GD.
enum WU_X_SAMPLING {
    enum Formula: String, Codable, Sendable { case finitePopulation = "(n − B)/(B(n − 1))·Σ", withReplacement = "Σ/B" }

    struct Setup: ClaimSetup {
        var formula = Formula.finitePopulation
        var instances = 12
    }

    static let claim = Claim(
        "WU-X-SAMPLING", paper: Papers.linearStability, location: "our addition to §1, Eq. (1)",
        title: "Without replacement the noise covariance is (n − B)/(B(n − 1))·Σ; batches of n are GD",
        expected: .holds, tiers: [.exact], keyFigure: "covarianceMismatch",
        statement: Statement(
            """
            For batches of B distinct indices (all equally likely) the mini-batch noise has covariance (n − B)/(B(n − 1))·Σ; \
            it vanishes at B = n (GD), and matches the with-replacement noise Σ/B' for B' = B(n − 1)/(n − B).
            """,
            hypotheses: [Hypothesis("the covariance compared is the finite-population formula", field: "formula")],
            construction: """
                WU-DEF-SGD's 12 instances (seed 71), enumerated without replacement in rationals, and the same gradients with \
                B = n: the covariance must be exactly 0.
                """,
            setup: Setup(), check: check,
            controls: [.mutation(name: "Σ/B without replacement", "Claim the with-replacement Σ/B for distinct indices: it overstates the noise.") {
                $0.formula = .withReplacement
            }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 71)
        var mismatch = Rational.zero, fullBatch = Rational.zero
        for _ in 0..<s.instances {
            let (grads, b) = try WU_DEF_SGD.gradients(&rng)
            let moments = try MinibatchGradientCovariance.enumerate(gradients: grads, batchSize: b, sampling: .withoutReplacement)
            let claimed = s.formula == .finitePopulation
                ? try MinibatchGradientCovariance.withoutReplacementFormula(grads, batchSize: b)
                : try MinibatchGradientCovariance.withReplacementFormula(grads, batchSize: b)
            mismatch = max(mismatch, try Exact.maxAbsDifference(moments.covariance, claimed))
            let all = try MinibatchGradientCovariance.enumerate(gradients: grads, batchSize: grads.count, sampling: .withoutReplacement)
            fullBatch = max(fullBatch, all.covariance.joined().map(\.magnitude).max() ?? .zero)
        }
        e.add(.exact("covarianceMismatch", "max |E ξξᵀ − (\(s.formula.rawValue))| without replacement", mismatch, requirement: .equals("0"),
                     note: "0: the finite-population factor is exact"))
        e.add(.exact("fullBatchNoise", "max |E ξξᵀ| for B = n without replacement", fullBatch, requirement: .equals("0"), note: "0: batches of n are GD"))
        e.summary = "Without replacement the covariance is exactly (n − B)/(B(n − 1))·Σ, and 0 for B = n."
        return e
    }
}
