import Constructions
import Numerics

/// WU-DEF-MU12: Σ = Σ₁ − Σ₂ with Σ₁ = (1/n)Σ∇L_i∇L_iᵀ, Σ₂ = ∇L∇Lᵀ; μ_k = Tr(Σ_kG)/(2L‖G‖_F²), so μ = μ₁ − μ₂,
/// μ₂ ≥ 0 and μ₁ ≥ μ — with the per-sample normalisation (no 1/B).
enum WU_DEF_MU12 {
    enum Normalisation: String, Codable, Sendable { case perSample = "Σ₂ = ∇L∇Lᵀ", miniBatch = "Σ₂ = ∇L∇Lᵀ/B with B = 4 (mixing in the mini-batch scale)" }

    struct Setup: ClaimSetup {
        var normalisation = Normalisation.perSample
        var instances = 12
    }

    static let claim = Claim(
        "WU-DEF-MU12", paper: Papers.linearStability, location: "§2, μ₁ and μ₂",
        title: "μ = μ₁ − μ₂ with μ₂ ≥ 0 (so μ₁ ≥ μ), exact — in the per-sample normalisation",
        expected: .definition, tiers: [.exact], keyFigure: "differenceMismatch",
        statement: Statement(
            """
            Σ₁ = (1/n)Σ_i∇L_i∇L_iᵀ and Σ₂ = ∇L∇Lᵀ, so Σ = Σ₁ − Σ₂; μ_k = Tr(Σ_kG)/(2L‖G‖_F²) gives μ = μ₁ − μ₂, with \
            μ₂ = ∇LᵀG∇L/(2L‖G‖_F²) ≥ 0 and hence μ₁ ≥ μ. μ₁-alignment means μ₁(θ) ≥ μ₁₀ > 0.
            """,
            form: .definition,
            hypotheses: [Hypothesis("Σ, Σ₁, Σ₂ share the per-sample normalisation", field: "normalisation")],
            construction: "WU-DEF-ALIGN's 12 random finite samples (seed 86), exact.",
            setup: Setup(), check: check,
            controls: [.dropping("normalisation", name: "Σ₂ divided by B", "Scale Σ₂ by 1/B (B = 4) while Σ stays per-sample: μ ≠ μ₁ − μ₂.") {
                $0.normalisation = .miniBatch
            }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 86)
        var mismatch = Rational.zero, minMu2: Rational?, minGap: Rational?
        for _ in 0..<s.instances {
            let m = try FiniteSample.randomSmallGrid(using: &rng).moments()
            guard m.gram.joined().contains(where: { $0 != .zero }) else { continue }
            var (mu, mu1, mu2) = try m.alignment()
            if s.normalisation == .miniBatch { mu2 = try mu2 / Rational(4) }
            mismatch = max(mismatch, try (mu - (mu1 - mu2)).magnitude)
            minMu2 = minMu2.map { min($0, mu2) } ?? mu2
            let gap = try mu1 - mu
            minGap = minGap.map { min($0, gap) } ?? gap
        }
        e.add(.exact("differenceMismatch", "max |μ − (μ₁ − μ₂)|", mismatch, requirement: .equals("0"), note: "0"))
        e.add(.exact("minMu2", "min μ₂", minMu2 ?? .zero, requirement: .atLeast(0), note: "≥ 0"))
        e.add(.exact("minMu1MinusMu", "min (μ₁ − μ)", minGap ?? .zero, requirement: .atLeast(0), note: "≥ 0: μ₁ ≥ μ"))
        e.summary = "μ = μ₁ − μ₂ exactly, with μ₂ ≥ 0 and μ₁ ≥ μ."
        return e
    }
}
