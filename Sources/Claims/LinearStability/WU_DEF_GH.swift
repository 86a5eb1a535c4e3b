import Constructions
import Numerics

/// WU-DEF-GH: G = (1/n)Σ∇f_i∇f_iᵀ and H = G + (1/n)Σe_i∇²f_i; at an interpolating point H = G. Exact on deep linear
/// networks at interpolating points θ ≠ θ* (layer rescalings), where ∇²f_i ≠ 0 but every e_i = 0.
enum WU_DEF_GH {
    enum Point: String, Codable, Sendable { case interpolating = "a rescaled teacher (all e_i = 0)", generic = "a generic θ (e_i ≠ 0)" }

    struct Setup: ClaimSetup {
        var point = Point.interpolating
        var instances = 8
    }

    static let claim = Claim(
        "WU-DEF-GH", paper: Papers.linearStability, location: "§1, Gram matrix and Hessian",
        title: "H = G + (1/n)Σe_i∇²f_i, G ⪰ 0, and H = G at interpolating minima — exact",
        expected: .definition, tiers: [.exact], keyFigure: "interpolationGap",
        statement: Statement(
            """
            G(θ) = (1/n)Σ_i∇f(x_i; θ)∇f(x_i; θ)ᵀ is positive semidefinite and H(θ) = ∇²L = G + (1/n)Σ_i e_i∇²f(x_i; θ); at \
            an interpolating minimum every e_i = 0, so H = G even when ∇²f ≠ 0.
            """,
            form: .definition,
            hypotheses: [Hypothesis("the point interpolates the data", field: "point")],
            construction: """
                8 deep linear networks d → m → 1 (seed 82) with realizable labels. The point: the teacher with its first layer \
                multiplied by 2 and the second divided by 2 (same F, so e = 0, but a different θ with ∇²f ≠ 0). H from exact \
                differences of L (degree ≤ 2 per parameter), ∇²f_i from exact mixed differences of f_i, G from the features; \
                G ⪰ 0 by exact elimination.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("point", name: "non-interpolating point", "At a generic θ the residual term is non-zero and H ≠ G.") { $0.point = .generic }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 82)
        var decomposition = Rational.zero, gap = Rational.zero, notPSD = 0, curvature = Rational.zero
        for k in 0..<s.instances {
            let (set, theta0, teacher) = try OLMTrainingSet.randomDeepLinear(n: 3, d: 2 + k % 2, depth: 2, realizable: true, using: &rng)
            guard case .deepLinear(let widths) = set.model.architecture else { continue }
            let firstLayer = widths[0] * widths[1]
            let theta = s.point == .generic ? theta0
                : try teacher.enumerated().map { i, v in try i < firstLayer ? v * Rational(2) : v / Rational(2) }
            let sample = try set.sample(theta)
            let m = try sample.moments()
            let h = try ExactDifferences.hessian({ try set.loss($0) }, at: theta)
            var residualTerm = Exact.zeros(theta.count, theta.count)
            for i in 0..<set.inputs.count {
                let hf = try ExactDifferences.hessian({ try set.output($0, sample: i) }, at: theta)
                curvature = max(curvature, hf.joined().map(\.magnitude).max() ?? .zero)
                residualTerm = try Exact.add(residualTerm, try Exact.scale(hf, by: try sample.residuals[i] / Rational(set.inputs.count)))
            }
            decomposition = max(decomposition, try Exact.maxAbsDifference(h, try Exact.add(m.gram, residualTerm)))
            gap = max(gap, try Exact.maxAbsDifference(h, m.gram))
            if try !Exact.definiteness(m.gram).semidefinite { notPSD += 1 }
        }
        e.add(.exact("decompositionMismatch", "max |H − (G + (1/n)Σe_i∇²f_i)|", decomposition, role: .crossCheck, requirement: .equals("0"),
                     note: "0: the decomposition is exact"))
        e.add(.count("gramNotPSD", "instances where G is not positive semidefinite", notPSD, requirement: .equals("0"), note: "G ⪰ 0 always"))
        e.add(.exact("maxModelCurvature", "max |∇²f_i| entry", curvature, role: .hypothesis, requirement: .greaterThan(0),
                     note: "> 0: the model is not linear in θ, so H = G is not automatic"))
        e.add(.exact("interpolationGap", "max |H − G| at the points (\(s.point.rawValue))", gap, requirement: .equals("0"), note: "0 at interpolating minima"))
        e.summary = "H = G + (1/n)Σe_i∇²f_i exactly, G ⪰ 0, and at interpolating points H = G although ∇²f ≠ 0."
        return e
    }
}
