import Constructions
import Numerics

/// WU-DEF-OLM: over-parameterized linear models f = F(θ)ᵀx. With x ~ N(0, S) and u = F(θ) − F(θ*): L = ½uᵀSu,
/// ∇L = ∇FᵀSu, G = ∇FᵀS∇F and H = G + Σ_k (Su)_k∇²F_k — the appendix prints the last term without S (erratum).
enum WU_DEF_OLM {
    enum HessianFormula: String, Codable, Sendable { case corrected = "G + Σ_k (Su)_k ∇²F_k", printed = "G + Σ_k u_k ∇²F_k (as printed)" }

    struct Setup: ClaimSetup {
        var formula = HessianFormula.corrected
        var instances = 8
    }

    static let claim = Claim(
        "WU-DEF-OLM", paper: Papers.linearStability, location: "§2.1 and Appendix C, over-parameterized linear models",
        title: "OLM population quantities: ∇L = ∇FᵀSu, G = ∇FᵀS∇F, H = G + Σ_k(Su)_k∇²F_k (the printed form drops S)",
        expected: .definition, tiers: [.exact], keyFigure: "hessianMismatch",
        errata: ["Appendix C writes H = G + (F(θ) − F(θ*))∇²F, without the input covariance S and the contraction over k; the Hessian is G + Σ_k (S·u)_k ∇²F_k."],
        statement: Statement(
            """
            f(x; θ) = F(θ)ᵀx for a general F: ℝᵖ → ℝᵈ. Under x ~ N(0, S) with labels F(θ*)ᵀx and u = F(θ) − F(θ*): \
            L = ½uᵀSu, ∇L = ∇F(θ)ᵀSu, G = ∇F(θ)ᵀS∇F(θ) and H = G + Σ_k (Su)_k∇²F_k(θ).
            """,
            form: .definition,
            hypotheses: [Hypothesis("the Hessian formula contracts ∇²F with S·u", field: "formula")],
            construction: """
                8 deep linear networks d → m → 1 (seed 83) with S = CCᵀ, C lower triangular rational (S ≠ I). L(θ) = ½uᵀSu \
                has degree ≤ 2 in each parameter, so its exact differences give ∇L and H; ∇F from the closed-form Jacobian and \
                ∇²F_k from exact mixed differences of F_k.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("formula", name: "printed Hessian (no S)", "Drop S from the residual term: it no longer matches the Hessian when S ≠ I.") {
                $0.formula = .printed
            }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 83)
        var gradMismatch = Rational.zero, hessMismatch = Rational.zero
        for k in 0..<s.instances {
            let d = 2 + k % 2
            let (set, theta, teacher) = try OLMTrainingSet.randomDeepLinear(n: 1, d: d, depth: 2, realizable: true, using: &rng)
            let model = set.model
            let c = try (0..<d).map { i in try (0..<d).map { j in j > i ? Rational.zero : (j == i ? Rational(1 + (try rng.int(below: 2))) : try Rational(try rng.int(below: 3) - 1, 2)) } }
            let sCov = try Exact.multiply(c, (0..<d).map { j in c.map { $0[j] } })
            let fStar = try model.map(teacher)
            func loss(_ t: [Rational]) throws -> Rational {
                let u = try Exact.subtract(try model.map(t), fStar)
                return try Exact.dot(u, try Exact.apply(sCov, u)) / Rational(2)
            }
            let j = try model.jacobian(theta)
            let u = try Exact.subtract(try model.map(theta), fStar)
            let su = try Exact.apply(sCov, u)
            let jt = (0..<model.parameterCount).map { q in j.map { $0[q] } }
            let grad = try Exact.apply(jt, su)
            gradMismatch = max(gradMismatch, try zip(grad, try ExactDifferences.gradient(loss, at: theta)).map { try ($0 - $1).magnitude }.max() ?? .zero)
            var h = try Exact.multiply(try Exact.multiply(jt, sCov), j)
            let weights = s.formula == .corrected ? su : u
            for kk in 0..<d {
                let hf = try ExactDifferences.hessian({ try model.map($0)[kk] }, at: theta)
                h = try Exact.add(h, try Exact.scale(hf, by: weights[kk]))
            }
            hessMismatch = max(hessMismatch, try Exact.maxAbsDifference(h, try ExactDifferences.hessian(loss, at: theta)))
        }
        e.add(.exact("gradientMismatch", "max |∇FᵀSu − exact differences of L|", gradMismatch, requirement: .equals("0"), note: "0"))
        e.add(.exact("hessianMismatch", "max |formula − exact Hessian of L| (\(s.formula.rawValue))", hessMismatch, requirement: .equals("0"), note: "0: the corrected formula is exact"))
        e.summary = "∇L = ∇FᵀSu and H = ∇FᵀS∇F + Σ_k(Su)_k∇²F_k exactly."
        return e
    }
}
