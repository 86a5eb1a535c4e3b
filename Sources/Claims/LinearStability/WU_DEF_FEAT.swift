import Constructions
import Numerics

/// WU-DEF-FEAT: feature models f = ⟨θ, Φ(x)⟩ are linear in θ, so H = G = (1/n)ΣΦ(x_i)Φ(x_i)ᵀ at every θ (no
/// interpolation needed), while the noise Σ(θ) = (2/n)ΣL_ig_ig_iᵀ − ∇L∇Lᵀ still depends on θ.
enum WU_DEF_FEAT {
    enum Model: String, Codable, Sendable { case linearInTheta = "⟨θ, Φ(x)⟩", curved = "⟨θ, Φ(x)⟩ + θ₁²/2 (not linear in θ)" }

    struct Setup: ClaimSetup {
        var model = Model.linearInTheta
        var instances = 10
    }

    static let claim = Claim(
        "WU-DEF-FEAT", paper: Papers.linearStability, location: "§2.2, feature models",
        title: "Feature models: H = G at every θ, while the noise Σ(θ) still moves with θ",
        expected: .definition, tiers: [.exact], keyFigure: "hessianMinusGram",
        statement: Statement(
            """
            A feature model f(x; θ) = Σ_j θ_jφ_j(x) = ⟨θ, Φ(x)⟩ has g_i = Φ(x_i), Hessian H = G = (1/n)ΣΦ(x_i)Φ(x_i)ᵀ at \
            every θ, and noise Σ(θ) = (2/n)ΣL_i(θ)g_ig_iᵀ − ∇L∇Lᵀ, which depends on θ through the losses.
            """,
            form: .definition,
            hypotheses: [Hypothesis("f is linear in θ", field: "model")],
            construction: """
                Φ(x) = (1, x, x², x³) at integer x (n ∈ 3…5, seed 84), integer labels, θ on the grid k/2: L is quadratic in θ, so \
                its exact second differences are H; compared with G. Σ at two values of θ must differ.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("model", name: "a curved model", "Add θ₁²/2 to f: then H = G + (1/n)Σe_i·E₁₁ ≠ G away from interpolation.") { $0.model = .curved }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 84)
        var gap = Rational.zero, sigmaMoves = 0
        for _ in 0..<s.instances {
            let n = 3 + (try rng.int(below: 3))
            let xs = try (0..<n).map { _ in Rational(try rng.int(below: 5) - 2) }
            let phis = try xs.map { x in [Rational.one, x, try x * x, try x * x * x] }
            let ys = try (0..<n).map { _ in Rational(try rng.int(below: 5) - 2) }
            func f(_ t: [Rational], _ i: Int) throws -> Rational {
                var v = try Exact.dot(t, phis[i])
                if s.model == .curved { v = try v + t[0] * t[0] / Rational(2) }
                return v
            }
            func loss(_ t: [Rational]) throws -> Rational {
                try Rational.sum(try (0..<n).map { i in let r = try f(t, i) - ys[i]; return try r * r }) / Rational(2 * n)
            }
            let theta = try (0..<4).map { _ in try Rational(try rng.int(below: 7) - 3, 2) }
            let h = try ExactDifferences.hessian(loss, at: theta)
            let g = try FiniteSample(features: phis, residuals: try (0..<n).map { try f(theta, $0) - ys[$0] }).moments().gram
            gap = max(gap, try Exact.maxAbsDifference(h, g))
            let other = try theta.map { try $0 + Rational(1) }
            let s1 = try FiniteSample(features: phis, residuals: try (0..<n).map { try Exact.dot(theta, phis[$0]) - ys[$0] }).moments().covariance()
            let s2 = try FiniteSample(features: phis, residuals: try (0..<n).map { try Exact.dot(other, phis[$0]) - ys[$0] }).moments().covariance()
            if s1 != s2 { sigmaMoves += 1 }
        }
        e.add(.exact("hessianMinusGram", "max |H − G| over instances (\(s.model.rawValue))", gap, requirement: .equals("0"), note: "0: H = G at any θ"))
        e.add(.count("noiseDependsOnTheta", "instances whose Σ differs between θ and θ + 1", sigmaMoves, role: .reported, note: "the noise is state-dependent"))
        e.summary = "H equals G exactly at arbitrary θ; the noise Σ(θ) changes with θ."
        return e
    }
}
