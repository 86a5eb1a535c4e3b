import Constructions
import Foundation
import Numerics

/// LI-TAB1 (Table 1, App. B.4): closed forms of H_f, M and H_p for least squares with Gaussian noise of variance σ² and for
/// binary logistic regression. Checked against the definitions — H_f the Hessian of the mean negative log-likelihood, M the
/// second moment of its per-sample gradients, H_p = (1/n)ΣHess p_i/p_i from the model's own probability — computed by
/// automatic differentiation, and (least squares, rationals) H_f = M − H_p exactly.
enum LI_TAB1 {
    enum LeastSquaresLoss: String, Codable, Sendable {
        case gaussianLogLikelihood = "f_i = (x_iᵀθ − y_i)²/(2σ²) + ½log(2πσ²)"
        case unscaledSquare = "f_i = ½(x_iᵀθ − y_i)² (no 1/σ²)"
    }
    enum LogisticLink: String, Codable, Sendable {
        case standard = "p_θ(x) = 1/(1 + exp(−xᵀθ)) (Eq. 19)"
        case appendixTypo = "p_θ(x) = 1/(1 + exp(xᵀθ)) (as printed in App. B.4.2)"
    }

    struct Setup: ClaimSetup {
        var leastSquaresLoss = LeastSquaresLoss.gaussianLogLikelihood
        var tableLink = LogisticLink.standard
        var seed: UInt64 = 4104
    }

    static let samples = [SampleCount("instances", "random instances of each model (n ∈ 3…8, p ∈ 2…5)", quick: 60, full: 600)]
    static let variances = [0.3, 1, 4]

    static let claim = Claim(
        "LI-TAB1", paper: Papers.hessianDynamics, location: "§4.2, Table 1; App. B.4.1–B.4.2",
        title: "Table 1: H_f, M and H_p in closed form for least squares (variance σ²) and binary logistic regression",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "logistic[Double]",
        errata: [
            "App. B.4.2 defines p_θ(x) = (1 + exp xᵀθ)⁻¹; Eq. (19) and the loss and gradient formulas need (1 + exp(−xᵀθ))⁻¹. With the printed sign the table's M and H_p are those of the label-flipped model (H_f is unchanged, being symmetric in p ↔ 1 − p).",
            "The least-squares row needs f to be the Gaussian negative log-likelihood, i.e. to carry the factor 1/(2σ²); with the plain ½(xᵀθ − y)² it holds only for σ = 1.",
        ],
        statement: Statement(
            """
            Least squares with p(y | x, θ) = N(y; xᵀθ, σ²): H_f = XᵀX/(nσ²), M = (1/(nσ⁴))Σ_i r_i²x_ix_iᵀ and \
            H_p = (1/(nσ⁴))Σ_i (r_i² − σ²)x_ix_iᵀ, with r_i = x_iᵀθ − y_i. Binary logistic regression with p_θ(x) = \
            1/(1 + e^{−xᵀθ}) and labels in {0, 1}: H_f = (1/n)Σ_i σ_ix_ix_iᵀ, M = (1/n)Σ_i (p_θ(x_i) − y_i)²x_ix_iᵀ and \
            H_p = (1/n)Σ_i [(p_θ(x_i) − y_i)² − σ_i]x_ix_iᵀ, with σ_i = p_θ(x_i)(1 − p_θ(x_i)). These hold at every θ.
            """,
            hypotheses: [
                Hypothesis("f_i is the Gaussian negative log-likelihood (with the factor 1/(2σ²))", field: "leastSquaresLoss"),
                Hypothesis("the logistic model is p_θ(x) = 1/(1 + e^{−xᵀθ})", field: "tableLink"),
            ],
            construction: """
                Random X with N(0, 1) entries, θ ~ N(0, I), least-squares targets y ~ N(0, 1) and σ² cycling through \
                0.3, 1, 4; logistic labels uniform in {0, 1}; n ∈ 3…8, p ∈ 2…5 (seed 4104). The definitions by forward-mode \
                automatic differentiation (nested dual numbers): H_f = (1/n)ΣHess f_i, M = (1/n)Σ∇f_i∇f_iᵀ, and \
                H_p = (1/n)ΣHess p_i/p_i with p_i the Gaussian density or the probability of the observed label — \
                differentiated directly, not obtained as M − H_f. Compared with the table in units of \
                60(n + p)ε·(1 + max_i r_i²/(2σ²)) times the largest entry (LAPACK's 60; n + p terms per entry; the density's \
                exponential carries a relative error proportional to its exponent, which cancels in Hess p_i/p_i only to \
                that order), in Double and in Float80. Exact: dyadic data (entries in ¼ℤ, σ² ∈ {¼, 1, 4}) in rationals, \
                where the table's rows satisfy H_f = M − H_p identically.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("leastSquaresLoss", name: "least squares without 1/σ²", """
                    f_i = ½(x_iᵀθ − y_i)² while the table keeps σ²: H_f and M are off by factors σ² and σ⁴ (σ² = 0.3 and 4).
                    """) { $0.leastSquaresLoss = .unscaledSquare },
                .mutation(name: "App. B.4.2 sign", """
                    The table evaluated with the printed p_θ(x) = 1/(1 + e^{xᵀθ}): M and H_p become (1 − p − y)² forms and no \
                    longer match the model's derivatives.
                    """) { $0.tableLink = .appendixTypo },
            ]))

    /// max over H_f, M, H_p of |table − definition| / (largest table entry).
    static func compare<T: RealFloat>(_ table: ProbabilityHessians<T>, hf: [[T]], m: [[T]], hp: [[T]]) -> T {
        var scale = T.zero, diff = T.zero
        for (a, b) in [(table.hf, hf), (table.m, m), (table.hp, hp)] {
            for i in a.indices { for j in a[i].indices {
                scale = propagatingMax(scale, abs(a[i][j]))
                diff = propagatingMax(diff, abs(a[i][j] - b[i][j]))
            } }
        }
        return diff / scale
    }

    /// The definitions by automatic differentiation: H_f, M from the per-sample losses, H_p from the per-sample probabilities.
    static func definitions<T: RealFloat, F: ScalarFunction, P: ScalarFunction>(n: Int, p: Int, theta: [T], loss: (Int) -> F, probability: (Int) -> P) throws -> (hf: [[T]], m: [[T]], hp: [[T]]) {
        var hf = Array(repeating: Array(repeating: T.zero, count: p), count: p), m = hf, hp = hf
        let invN = T.one / T(n)
        for i in 0..<n {
            let f = loss(i), prob = probability(i)
            let h = try Derivatives.hessian(of: f, at: theta)
            let g = try Derivatives.gradient(of: f, at: theta)
            let pi = try prob(theta)
            let hprob = try Derivatives.hessian(of: prob, at: theta)
            for a in 0..<p { for b in 0..<p {
                hf[a][b] += invN * h[a, b]
                m[a][b] += invN * g[a] * g[b]
                hp[a][b] += invN * hprob[a, b] / pi
            } }
        }
        return (hf, m, hp)
    }

    /// The setup's least-squares loss of sample i: the Gaussian negative log-likelihood, or ½(xᵀθ − y)² (the first control).
    struct LeastSquaresLossChoice: ScalarFunction {
        let gaussian: GaussianLinearRegression.SampleFunction
        let plain: LeastSquaresSampleLoss
        let scaled: Bool
        var inputDimension: Int { plain.inputDimension }
        func callAsFunction<T: Real>(_ theta: [T]) throws -> T { scaled ? try gaussian(theta) : try plain(theta) }
    }

    static func leastSquaresLoss(_ s: Setup, _ model: GaussianLinearRegression, _ i: Int) -> LeastSquaresLossChoice {
        LeastSquaresLossChoice(gaussian: model.negativeLogLikelihood(i), plain: model.data.sampleLoss(i), scaled: s.leastSquaresLoss == .gaussianLogLikelihood)
    }

    static func leastSquaresResidual<T: RealFloat>(_ s: Setup, _ model: GaussianLinearRegression, _ theta: [T]) throws -> Double {
        let n = model.data.count, p = model.data.dimension
        let table = try model.closedForms(at: theta)
        let d = try definitions(n: n, p: p, theta: theta, loss: { leastSquaresLoss(s, model, $0) }, probability: { model.density($0) })
        var quad = 0.0
        for i in 0..<n {
            var r = -model.data.targets[i]
            for k in 0..<p { r += model.data.features[i][k] * Double(theta[k]) }
            quad = max(quad, r * r / (2 * model.variance))
        }
        return Double(compare(table, hf: d.hf, m: d.m, hp: d.hp)) / (60 * Double(n + p) * Double(T.ulpOfOne) * (1 + quad))
    }

    static func logisticResidual<T: RealFloat>(_ s: Setup, _ model: BinaryLogisticRegression, _ theta: [T]) throws -> Double {
        let n = model.count, p = model.dimension
        // The printed App. B.4.2 link is the standard one at −θ: 1/(1 + e^{xᵀθ}) = s(xᵀ(−θ)).
        let table = try model.closedForms(at: s.tableLink == .standard ? theta : theta.map { -$0 })
        let d = try definitions(n: n, p: p, theta: theta, loss: { model.negativeLogLikelihood($0) }, probability: { model.probability($0) })
        return Double(compare(table, hf: d.hf, m: d.m, hp: d.hp)) / (60 * Double(n + p) * Double(T.ulpOfOne))
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)
        let count = try context.count("instances")
        var lsD = 0.0, lgD = 0.0
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        var lsW = 0.0, lgW = 0.0
        #endif
        for k in 0..<count {
            let n = 3 + (try rng.int(below: 6)), p = 2 + (try rng.int(below: 4))
            let x = (0..<n).map { _ in (0..<p).map { _ in rng.normal() } }
            let theta = (0..<p).map { _ in rng.normal() }
            let ls = try GaussianLinearRegression(data: try LeastSquaresProblem(features: x, targets: (0..<n).map { _ in rng.normal() }), variance: variances[k % variances.count])
            let lg = try BinaryLogisticRegression(features: x, labels: try (0..<n).map { _ in try rng.int(below: 2) })
            lsD = propagatingMax(lsD, try leastSquaresResidual(s, ls, theta))
            lgD = propagatingMax(lgD, try logisticResidual(s, lg, theta))
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            let wide = theta.map { Float80($0) }
            lsW = propagatingMax(lsW, try leastSquaresResidual(s, ls, wide))
            lgW = propagatingMax(lgW, try logisticResidual(s, lg, wide))
            #endif
        }
        let unit = "units of 60(n + p)ε times the largest entry"
        e.add(Figure("leastSquares[Double]", "max over \(count) instances of |table − definition| over H_f, M, H_p, least squares (\(unit) and 1 + max r²/(2σ²))", value: lsD,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the least-squares row holds (σ² ∈ {0.3, 1, 4})"))
        e.add(Figure("logistic[Double]", "the same for binary logistic regression (\(unit))", value: lgD, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the logistic row holds"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        e.add(Figure("leastSquares[Float80]", "least squares in Float80 (units of ε_80)", value: lsW, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: holds to Float80 rounding too"))
        e.add(Figure("logistic[Float80]", "logistic in Float80 (units of ε_80)", value: lgW, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: holds to Float80 rounding too"))
        #endif

        // Exact: the least-squares row satisfies Proposition 1 identically (dyadic data, rationals).
        var worst = Rational.zero
        for k in 0..<count {
            let n = 3 + (try rng.int(below: 6)), p = 2 + (try rng.int(below: 4))
            func dyadic() throws -> Double { Double(try rng.int(below: 17) - 8) / 4 }
            let x = try (0..<n).map { _ in try (0..<p).map { _ in try dyadic() } }
            let model = try GaussianLinearRegression(data: try LeastSquaresProblem(features: x, targets: try (0..<n).map { _ in try dyadic() }), variance: [0.25, 1, 4][k % 3])
            let theta = try (0..<p).map { _ in try Rational(exactly: try dyadic()) }
            let t = try model.closedForms(at: theta)
            worst = max(worst, try Exact.maxAbsDifference(t.hf, try Exact.subtract(t.m, t.hp)))
        }
        e.add(.exact("leastSquaresIdentity[exact]", "max |H_f − (M − H_p)| of the least-squares row over \(count) dyadic instances", worst,
                     requirement: .equals("0"), note: "0: the row is consistent with Proposition 1 exactly"))
        e.summary = "Both rows of Table 1 agree with the automatically differentiated definitions to rounding, in Double and Float80."
        return e
    }
}
