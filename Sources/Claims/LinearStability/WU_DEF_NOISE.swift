import Constructions
import Numerics

/// WU-DEF-NOISE (Lemma 3.2 and §3.3): noisy GD on the linearized model with conditional mean-zero noise of covariance
/// S(θ)/B; the two model noises are geometry-aware S₁ = 2L(θ)·H and isotropic S₂ = 2σ²L(θ)·I with σ² = Tr(H)/p, which
/// have the same total variance. Checked exactly: Tr S₁ = Tr S₂, and one step from δ averaged over all Rademacher noise
/// draws gives the second moments T₁(δδᵀ), T₂(δδᵀ) of the closed forms.
enum WU_DEF_NOISE {
    struct Setup: ClaimSetup {
        /// σ² for S₂ as a multiple of Tr(H)/p (1 = equal total variance).
        var isotropicFactor = Rational.one
        var instances = 10
    }

    static let claim = Claim(
        "WU-DEF-NOISE", paper: Papers.linearStability, location: "Lemma 3.2 and §3.3, the noise models",
        title: "Geometry-aware noise 2L·H and isotropic 2σ²L·I with σ² = Tr H/p: equal total variance, and their one-step second moments",
        expected: .definition, tiers: [.exact], keyFigure: "varianceMismatch",
        statement: Statement(
            """
            Noisy GD θ_{t+1} = θ_t − η(∇L(θ_t) + ξ_t) with E[ξ_t | θ_t] = 0 and E[ξ_tξ_tᵀ | θ_t] = S(θ_t)/B. The geometry-aware \
            noise has S₁(θ) = 2L(θ)·H, the isotropic one S₂(θ) = 2σ²L(θ)·I_p with σ² = Tr(H)/p, so Tr S₁ = Tr S₂ = 2L·Tr H; \
            their second-moment maps are T₁(M) = (I − ηH)M(I − ηH) + (η²/B)Tr(HM)H and \
            T₂(M) = (I − ηH)M(I − ηH) + (η²/B)(Tr H/p)Tr(HM)I.
            """,
            form: .definition,
            hypotheses: [Hypothesis("σ² = Tr(H)/p", field: "isotropicFactor")],
            construction: """
                10 diagonal H with square rational eigenvalues (p ∈ 2…4, seed 92), δ integer, η = 1/(2·Tr H), B ∈ 1…3. \
                ξ = √(2L/B)·H^{1/2}z (S₁) or √(2σ²L/B)·z (S₂) with z uniform on {±1}ᵖ: the average of δ⁺δ⁺ᵀ over the 2ᵖ \
                draws is formed exactly (the square root enters only squared) and compared with T₁(δδᵀ), T₂(δδᵀ).
                """,
            setup: Setup(), check: check,
            controls: [.dropping("isotropicFactor", name: "σ² = 4·Tr H/p", "Quadruple σ²: the isotropic noise no longer has the geometry-aware total variance.") {
                $0.isotropicFactor = Rational(4)
            }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 92)
        let roots = [try Rational(1, 2), .one, try Rational(3, 2), Rational(2)]
        var varianceMismatch = Rational.zero, stepMismatch = Rational.zero
        for _ in 0..<s.instances {
            let p = 2 + (try rng.int(below: 3)), b = 1 + (try rng.int(below: 3))
            let r = try (0..<p).map { _ in roots[try rng.int(below: roots.count)] }
            let root = (0..<p).map { i in (0..<p).map { $0 == i ? r[i] : .zero } }
            let h = try Exact.multiply(root, root)
            let identity = (0..<p).map { i in (0..<p).map { $0 == i ? Rational.one : .zero } }
            let delta = try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) }
            let twoL = try Exact.dot(delta, try Exact.apply(h, delta))
            let trace = try Exact.trace(h)
            let sigma2 = try s.isotropicFactor * trace / Rational(p)
            let s1 = try Exact.scale(h, by: twoL), s2 = try Exact.scale(identity, by: try sigma2 * twoL)
            varianceMismatch = max(varianceMismatch, try (Exact.trace(s1) - Exact.trace(s2)).magnitude)
            let eta = try Rational.one / (Rational(2) * trace)
            let x = try Exact.subtract(identity, try Exact.scale(h, by: eta))
            let xd = try Exact.apply(x, delta)
            // Enumerate z ∈ {±1}ᵖ; the noise direction is A·z with A = H^{1/2} (S₁) or I (S₂), scale² c² = (2L/B)·(1 or σ²).
            for (a, c2) in [(root, try twoL / Rational(b)), (identity, try sigma2 * twoL / Rational(b))] {
                var avgLinear = Array(repeating: Rational.zero, count: p), avgOuter = Exact.zeros(p, p)
                for code in 0..<(1 << p) {
                    let z = (0..<p).map { (code >> $0) & 1 == 1 ? Rational.one : -Rational.one }
                    let az = try Exact.apply(a, z)
                    avgLinear = try Exact.add(avgLinear, try Exact.scale(az, by: try Rational(1, 1 << p)))
                    avgOuter = try Exact.add(avgOuter, try Exact.scale(try Exact.outer(az, az), by: try Rational(1, 1 << p)))
                }
                // E[(Xδ − ηc·Az)(Xδ − ηc·Az)ᵀ] = XδδᵀX − ηc(Xδ E[Az]ᵀ + E[Az]δᵀX) + η²c²E[AzzᵀAᵀ]; E[Az] must vanish.
                guard avgLinear.allSatisfy({ $0 == .zero }) else { stepMismatch = max(stepMismatch, .one); continue }
                let enumerated = try Exact.add(try Exact.outer(xd, xd), try Exact.scale(avgOuter, by: try eta * eta * c2))
                let isGeometry = a == root
                let noiseTerm = isGeometry ? try Exact.scale(h, by: try eta * eta / Rational(b) * twoL)
                    : try Exact.scale(identity, by: try eta * eta / Rational(b) * (trace / Rational(p)) * twoL)
                let closed = try Exact.add(try Exact.outer(xd, xd), noiseTerm)
                stepMismatch = max(stepMismatch, try Exact.maxAbsDifference(enumerated, closed))
            }
        }
        e.add(.exact("varianceMismatch", "max |Tr S₁ − Tr S₂|", varianceMismatch, requirement: .equals("0"), note: "0: equal total variance"))
        e.add(.exact("secondMomentMismatch", "max |enumerated E δ⁺δ⁺ᵀ − T(δδᵀ)| for both noises", stepMismatch, requirement: .equals("0"),
                     note: "0: the closed forms T₁ and T₂ (with σ² = Tr H/p)"))
        e.summary = "Both noises have total variance 2L·Tr H, and the enumerated one-step second moments equal T₁(δδᵀ) and T₂(δδᵀ)."
        return e
    }
}
