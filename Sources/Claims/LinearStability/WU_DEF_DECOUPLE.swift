import Constructions
import Numerics

/// WU-DEF-DECOUPLE (Eq. 2): Σ = (2/n)ΣL_ig_ig_iᵀ − ∇L∇Lᵀ exactly; dropping ∇L∇Lᵀ and decoupling L_i from g_i gives the
/// approximation Σ ≈ 2L·G, under which α = β = μ = 1. For over-parameterized linear models under Gaussian inputs the
/// error of that approximation is exactly ∇L∇Lᵀ (Theorem 2.1).
enum WU_DEF_DECOUPLE {
    enum Form: String, Codable, Sendable { case exact = "(2/n)ΣL_ig_ig_iᵀ − ∇L∇Lᵀ", withoutGradientTerm = "(2/n)ΣL_ig_ig_iᵀ" }

    struct Setup: ClaimSetup {
        var form = Form.exact
        var instances = 10
    }

    static let claim = Claim(
        "WU-DEF-DECOUPLE", paper: Papers.linearStability, location: "§2, Eq. (2)",
        title: "Σ = (2/n)ΣL_ig_ig_iᵀ − ∇L∇Lᵀ exactly; the decoupled Σ = 2L·G gives α = β = μ = 1",
        expected: .definition, tiers: [.exact], keyFigure: "firstEqualityMismatch",
        statement: Statement(
            """
            Since ∇L_i = e_ig_i and e_i² = 2L_i, Σ = (2/n)Σ_iL_ig_ig_iᵀ − ∇L∇Lᵀ; dropping ∇L∇Lᵀ and replacing each L_i by L \
            gives the decoupling approximation Σ ≈ 2L(θ)G(θ), under which α = β = μ = 1.
            """,
            form: .definition,
            hypotheses: [Hypothesis("the first equality keeps −∇L∇Lᵀ", field: "form")],
            construction: """
                WU-DEF-ALIGN's random finite samples (seed 86): the first equality in rationals; with Σ := 2L·G, α², β² and μ \
                exactly; and one over-parameterized linear model under Gaussian inputs (WU-T2.1's design), where \
                Σ − 2L·G = ∇L∇Lᵀ exactly.
                """,
            setup: Setup(), check: check,
            controls: [.mutation(name: "without −∇L∇Lᵀ", "Drop the mean-gradient term from the first equality: it fails wherever ∇L ≠ 0.") {
                $0.form = .withoutGradientTerm
            }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 86)
        var mismatch = Rational.zero, decoupledDeviation = Rational.zero
        for _ in 0..<s.instances {
            let sample = try FiniteSample.randomSmallGrid(using: &rng)
            let (features, residuals) = (sample.features, sample.residuals)
            let n = features.count, p = features[0].count // non-empty by construction
            let m = try sample.moments()
            guard m.gram.joined().contains(where: { $0 != .zero }) else { continue }
            var form = Exact.zeros(p, p)
            for (g, r) in zip(features, residuals) {
                let li = try r * r / Rational(2)
                form = try Exact.add(form, try Exact.scale(try Exact.outer(g, g), by: try Rational(2) * li / Rational(n)))
            }
            if s.form == .exact { form = try Exact.subtract(form, try Exact.outer(m.gradient, m.gradient)) }
            mismatch = max(mismatch, try Exact.maxAbsDifference(try m.covariance(), form))
            // Σ := 2L·G: α² = Tr(GΣ)²/(‖G‖²‖Σ‖²), β² = ‖Σ‖²/(4L²‖G‖²), μ = Tr(ΣG)/(2L‖G‖²), all 1.
            let twoL = try Rational(2) * m.loss
            let sigma = try Exact.scale(m.gram, by: twoL)
            let tr = try Exact.trace(try Exact.multiply(m.gram, sigma))
            let g2 = try Rational.sum(try m.gram.joined().map { try $0 * $0 }), s2 = try Rational.sum(try sigma.joined().map { try $0 * $0 })
            for v in [try tr * tr / (g2 * s2), try s2 / (twoL * twoL * g2), try tr / (twoL * g2)] { decoupledDeviation = max(decoupledDeviation, try (v - .one).magnitude) }
        }
        // OLM under Gaussian inputs: Σ − 2L·G = ∇L∇Lᵀ.
        var rngOLM = SeededGenerator(seed: 2021)
        let inst = try OLMInstance.random(index: 2, dimension: 3, exactGrid: true, using: &rngOLM)
        let olm = try inst.moments(Rational.self, designs: Array(repeating: .gaussianDegree5, count: 3), labelNoise: .none)
        let olmResidual = try olm.identityResidual()
        let olmMismatch = olmResidual.joined().map(\.magnitude).max() ?? .zero
        e.add(.exact("firstEqualityMismatch", "max |Σ − (\(s.form.rawValue))|", mismatch, requirement: .equals("0"), note: "0: the first equality is exact"))
        e.add(.exact("decoupledFactorsDeviation", "max |α² − 1|, |β² − 1|, |μ − 1| with Σ := 2L·G", decoupledDeviation, requirement: .equals("0"), note: "0"))
        e.add(.exact("gaussianOLMError", "max |Σ − 2L·G − ∇L∇Lᵀ| for a Gaussian-input OLM", olmMismatch, requirement: .equals("0"),
                     note: "0: the approximation's error is exactly ∇L∇Lᵀ there"))
        e.summary = "The first equality is exact; decoupling gives α = β = μ = 1; for Gaussian-input linear models the error is exactly ∇L∇Lᵀ."
        return e
    }
}
