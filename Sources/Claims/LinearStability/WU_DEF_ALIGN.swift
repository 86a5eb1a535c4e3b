import Constructions
import Numerics

/// WU-DEF-ALIGN (Eqs. 3–4): α = Tr(GΣ)/(‖G‖_F‖Σ‖_F), β = ‖Σ‖_F/(2L‖G‖_F), μ = Tr(ΣG)/(2L‖G‖_F²) = αβ. Checked exactly
/// through squares (α², β², μ² are rational): μ² = α²β², 0 ≤ α ≤ 1, μ ≥ 0, and invariance under g ↦ c·g.
enum WU_DEF_ALIGN {
    enum BetaScale: String, Codable, Sendable { case twoL = "β = ‖Σ‖_F/(2L‖G‖_F)", oneL = "β = ‖Σ‖_F/(L‖G‖_F) (loss scale slipped)" }

    struct Setup: ClaimSetup {
        var beta = BetaScale.twoL
        var instances = 12
    }

    static let claim = Claim(
        "WU-DEF-ALIGN", paper: Papers.linearStability, location: "§2, Eqs. (3)–(4)",
        title: "Alignment factors α, β, μ = αβ: identities, ranges and scale invariance, exact through squares",
        expected: .definition, tiers: [.exact], keyFigure: "productMismatch",
        statement: Statement(
            """
            α(θ) = Tr(GΣ)/(‖G‖_F‖Σ‖_F) ∈ [0, 1] measures how Σ aligns with G, β(θ) = ‖Σ‖_F/(2L‖G‖_F) its size relative to \
            the loss, and μ(θ) = Tr(ΣG)/(2L‖G‖_F²) = αβ ≥ 0; μ-alignment means μ(θ) ≥ μ₀ > 0. All three are unchanged when \
            every feature is multiplied by the same c ≠ 0.
            """,
            form: .definition,
            hypotheses: [Hypothesis("β is normalised by 2L, the scale of Σ ≈ 2L·G", field: "beta")],
            construction: """
                12 random finite samples (n ∈ 3…6, p ∈ 2…4, integer features and residuals, seed 86). α² = Tr(GΣ)²/(‖G‖²‖Σ‖²), \
                β² = ‖Σ‖²/(4L²‖G‖²), μ exactly; the identity μ² = α²β², the range 0 ≤ Tr(GΣ), α² ≤ 1, and the values after \
                g ↦ 3g (residuals fixed).
                """,
            setup: Setup(), check: check,
            controls: [.dropping("beta", name: "β with L instead of 2L", """
                Normalise β by L: β doubles and μ = αβ fails by a factor 2. (The catalog's suggested control — ‖Σ‖_F from \
                Eq. 11's printed formula — cannot fail this identity: ‖Σ‖_F cancels in αβ; it changes α and β only, see \
                WU-EQ11.)
                """) { $0.beta = .oneL }]))

    struct Factors: Equatable { let alpha2: Rational; let beta2: Rational; let mu: Rational }

    static func factors(_ sample: FiniteSample, _ betaScale: BetaScale) throws -> Factors {
        let m = try sample.moments()
        let sigma = try m.covariance()
        let tr = try Exact.trace(try Exact.multiply(m.gram, sigma))
        let g2 = try Rational.sum(try m.gram.joined().map { try $0 * $0 })
        let s2 = try Rational.sum(try sigma.joined().map { try $0 * $0 })
        let twoL = try Rational(2) * m.loss
        let betaL = betaScale == .twoL ? twoL : m.loss
        return Factors(alpha2: try tr * tr / (g2 * s2), beta2: try s2 / (betaL * betaL * g2), mu: try tr / (twoL * g2))
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 86)
        var productMismatch = Rational.zero, maxAlpha2 = Rational.zero, minMu: Rational?, scaleChanges = 0
        for _ in 0..<s.instances {
            let n = 3 + (try rng.int(below: 4)), p = 2 + (try rng.int(below: 3))
            let features = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } }
            let residuals = try (0..<n).map { _ in Rational((1 + (try rng.int(below: 4))) * (try rng.int(below: 2) == 0 ? -1 : 1)) }
            let sample = try FiniteSample(features: features, residuals: residuals)
            guard try sample.moments().gram.joined().contains(where: { $0 != .zero }) else { continue }
            let f = try factors(sample, s.beta)
            productMismatch = max(productMismatch, try (f.mu * f.mu - f.alpha2 * f.beta2).magnitude)
            maxAlpha2 = max(maxAlpha2, f.alpha2)
            minMu = minMu.map { min($0, f.mu) } ?? f.mu
            let scaled = try FiniteSample(features: try features.map { try $0.map { try $0 * Rational(3) } }, residuals: residuals)
            if try factors(scaled, s.beta) != f { scaleChanges += 1 }
        }
        e.add(.exact("productMismatch", "max |μ² − α²β²|", productMismatch, requirement: .equals("0"), note: "0: μ = αβ"))
        e.add(.exact("maxAlphaSquared", "max α²", maxAlpha2, requirement: .atMost(1), note: "≤ 1 (Cauchy–Schwarz)"))
        e.add(.exact("minMu", "min μ", minMu ?? .zero, requirement: .atLeast(0), note: "≥ 0: Tr of a product of PSD matrices"))
        e.add(.count("scaleVariance", "instances where g ↦ 3g changes α², β² or μ", scaleChanges, requirement: .equals("0"), note: "scale invariant"))
        e.summary = "μ = αβ exactly, 0 ≤ α ≤ 1, μ ≥ 0, and the factors are scale invariant."
        return e
    }
}
