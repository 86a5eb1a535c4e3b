import Constructions
import Foundation
import Numerics

/// WU-T2.1 (Theorem 2.1): for an over-parameterized linear model f = F(θ)ᵀx under Gaussian inputs and online SGD,
/// the per-sample gradient covariance is exactly Σ = ∇L∇Lᵀ + 2L·G, hence μ₁ ≥ μ ≥ 1; sharper, μ = 1 + μ₂ and
/// μ₁ = 1 + 2μ₂ with 0 ≤ μ₂ ≤ τ(G). The Gaussian expectation is evaluated independently of the paper's proof: a
/// finite rational design that reproduces the Gaussian moments up to the degree the integrands need.
enum WU_T2_1 {
    enum Inputs: String, Codable, Sendable {
        case gaussian = "Gaussian x = C·w (w through the rational moment design)"
        case rademacher = "Rademacher w (variance 1, fourth moment 1)"
    }

    enum ClaimedCovariance: String, Codable, Sendable {
        case full = "∇L∇Lᵀ + 2L·G"
        case withoutGradientTerm = "2L·G (the decoupling approximation)"
    }

    struct Setup: ClaimSetup {
        var inputs = Inputs.gaussian
        var labels = LabelNoise.none
        var claimed = ClaimedCovariance.full
        /// Input dimensions of the exact instances (5^d design points each).
        var exactDimensions = [2, 3, 4]
        var exactPerDimension = 8
        var numericalDimensions = [2, 3, 4]
    }

    static let samples = [SampleCount("draws", "random real-valued instances in Double and Float80", quick: 40, full: 400)]

    static let claim = Claim(
        "WU-T2.1", paper: Papers.linearStability, location: "§2.1, Theorem 2.1 and Appendix C",
        title: "Over-parameterized linear models under Gaussian inputs: Σ = ∇L∇Lᵀ + 2L·G exactly, so μ₁ ≥ μ ≥ 1",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "maxIdentityResidual",
        errata: [
            "The labels must be realizable, y = f(x; θ*) (no label noise); the statement leaves this to the proof. Independent label noise keeps the identity (WU-X-LABELNOISE); input-dependent noise breaks it (control).",
            "The proof's S^{−1/2} step needs an invertible input covariance; the identity holds for singular covariances too (Lemma C.1, WU-LC.1).",
            "Sharper than printed: μ = 1 + μ₂ and μ₁ = 1 + 2μ₂ with μ₂ = ∇LᵀG∇L/(2L‖G‖_F²) ∈ [0, τ(G)], so 1 ≤ μ ≤ 1 + τ(G) ≤ 2 and 1 ≤ μ₁ ≤ 3.",
        ],
        statement: Statement(
            """
            Let f(x; θ) = F(θ)ᵀx with any differentiable F, inputs x ~ N(0, S), labels y = f(x; θ*), and online SGD \
            (population expectations over x). At every θ with L(θ) > 0 and G(θ) ≠ 0 the per-sample gradient covariance is \
            Σ(θ) = ∇L∇Lᵀ + 2L(θ)·G(θ); consequently μ₁(θ) ≥ μ(θ) ≥ 1.
            """,
            hypotheses: [
                Hypothesis("the inputs are Gaussian (all moments up to the integrand's degree match N(0, S))", field: "inputs"),
                Hypothesis("the labels are realizable, y = F(θ*)ᵀx", field: "labels"),
                Hypothesis("the covariance compared is the theorem's ∇L∇Lᵀ + 2L·G", field: "claimed"),
                Hypothesis("L(θ) > 0 and G(θ) ≠ 0 at every instance (checked: hypothesisFailures)"),
            ],
            construction: """
                Instances cycle through four architectures — F(θ) = θ, the quadratic F = a² − b², and deep linear nets \
                d→m→1 and d→m₁→m₂→1 (widths 1–3) — with θ, θ* on the grid k/4 and x = C·w, C lower triangular with \
                diagonal in {1/2, 1, 3/2} (8 instances for each d ∈ {2, 3, 4}, seed 2021). Every integrand (e²·g·gᵀ with \
                e = uᵀx, g = ∇F(θ)ᵀx) is a polynomial of degree ≤ 4 in each coordinate of w, so the product design \
                w_k ∈ {0, ±1, ±2} with weights {1/2, 1/6, 1/12} (moments 1 and 3 at degrees 2 and 4, odd moments 0) gives \
                the Gaussian expectation exactly as a finite rational sum; with input-dependent label noise the degree is \
                6 in w₁ (x₁ = C₁₁w₁) and the seven-point design {0, ±1, ±2, ±3} (weights 7/18, 1/4, 1/20, 1/180) is used there. Exact tier: \
                Σ − (∇L∇Lᵀ + 2L·G) entrywise, μ, μ₁, μ₂, and μ₂ ≤ τ(G) through a Rayleigh-quotient lower bound on λ₁(G). \
                Numerical tier: random real-valued instances (Gaussian parameters, C = I + Gaussian lower part, d ≤ 4) in \
                Double and Float80 on the same rational design; each residual entry must stay within (N + 4d + 10)·ε times \
                the magnitude of the terms that enter it (N design points: the first-order bound of a recursive sum of N \
                products, each from d-term inner products), and μ within the same bound of ≥ 1.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("inputs", name: "Rademacher inputs", """
                    w uniform on {±1}: same variance, fourth moment 1 instead of 3. Σ₁ loses the term 2·∇FᵀC·Diag((Cᵀu)²)·Cᵀ∇F, the \
                    identity fails, and for F(θ) = θ with C = I, μ = (d − 1)/d < 1 exactly.
                    """) { $0.inputs = .rademacher },
                .dropping("labels", name: "input-dependent label noise", """
                    y = F(θ*)ᵀx + (1/2)(x₁² − 1): Σ₁ gains noise terms correlated with g, and the identity fails (μ ≥ 1 may \
                    survive; the theorem's equality does not).
                    """) { $0.labels = .heteroscedastic(c: try! Rational(1, 2)) }, // literal
                .mutation(name: "Σ = 2L·G", """
                    Claim the decoupling approximation Σ = 2L·G: the residual is ∇L∇Lᵀ ≠ 0 wherever ∇L ≠ 0.
                    """) { $0.claimed = .withoutGradientTerm },
            ]))

    // MARK: check

    /// One design per coordinate of w: Rademacher everywhere for the control; otherwise the five-point design, and
    /// the seven-point one on w₁ when the label noise adds x₁² (x₁ = C₁₁w₁ for lower-triangular C).
    static func designs(_ s: Setup, dimension d: Int) -> [MomentDesign] {
        if s.inputs == .rademacher { return Array(repeating: .rademacher, count: d) }
        return [s.labels.requiredDegree > 5 ? .gaussianDegree7 : .gaussianDegree5] + Array(repeating: .gaussianDegree5, count: d - 1)
    }

    static func exactInstances(_ s: Setup) throws -> [OLMInstance] {
        var rng = SeededGenerator(seed: 2021)
        var out: [OLMInstance] = []
        for d in s.exactDimensions {
            for k in 0..<s.exactPerDimension { out.append(try OLMInstance.random(index: k, dimension: d, exactGrid: true, using: &rng)) }
        }
        return out
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let probe = designs(s, dimension: 2)
        let margin = min(try probe[0].gaussianDegree() - s.labels.requiredDegree, try probe[1].gaussianDegree() - 4)
        e.add(.count("designGaussianDegreeMargin", "min over coordinates of (degree to which the design matches N(0, 1)) − (degree the integrand needs there)",
                     margin, role: .hypothesis, requirement: .atLeast(0),
                     note: "≥ 0: the finite design sum equals the Gaussian expectation (\(probe[0].name) on w₁, \(probe[1].name) elsewhere)"))
        var worstResidual = Rational.zero, minMu: Rational?, worstConsequence = Rational.zero, worstTauRatio = Rational.zero
        var hypothesisFailures = 0
        var scatter: [(mu2: Double, mu: Double)] = []
        let instances = try exactInstances(s)
        for inst in instances {
            let m = try inst.moments(Rational.self, designs: designs(s, dimension: inst.model.inputDimension), labelNoise: s.labels)
            if s.labels.requiredDegree > 4 && !inst.firstInputDependsOnFirstCoordinateOnly { hypothesisFailures += 1; continue }
            let frobenius = try m.gram.flatMap { $0 }.reduce(Rational.zero) { try $0 + $1 * $1 }
            guard m.loss > .zero, frobenius > .zero else { hypothesisFailures += 1; continue }
            let residual = try m.identityResidual(dropGradientTerm: s.claimed == .withoutGradientTerm)
            for row in residual { for r in row { worstResidual = max(worstResidual, r.magnitude) } }
            let (mu, mu1, mu2) = try m.alignment()
            minMu = minMu.map { min($0, mu) } ?? mu
            worstConsequence = max(worstConsequence, try (mu - .one - mu2).magnitude, try (mu1 - .one - Rational(2) * mu2).magnitude)
            worstTauRatio = max(worstTauRatio, try mu2 / (try tauLowerBound(m.gram, frobenius)))
            scatter.append((mu2.doubleValue, mu.doubleValue))
        }
        e.add(.count("hypothesisFailures", "exact instances with L = 0 or G = 0 (of \(instances.count))", hypothesisFailures, role: .hypothesis,
                     requirement: .equals("0"), note: "every instance has L > 0 and G ≠ 0"))
        e.add(.exact("maxIdentityResidual", "max over instances and entries of |Σ − (\(s.claimed.rawValue))|", worstResidual, requirement: .equals("0"),
                     note: "0 exactly: the identity holds entry by entry (\(instances.count) instances, exact rationals)"))
        e.add(.exact("minMu", "min over the exact instances of μ", minMu ?? .zero, requirement: .atLeast(1), note: "≥ 1: μ-alignment with μ₀ = 1"))
        e.add(.exact("maxConsequenceDeviation", "max of |μ − 1 − μ₂| and |μ₁ − 1 − 2μ₂|", worstConsequence, requirement: .equals("0"),
                     note: "0: μ = 1 + μ₂ and μ₁ = 1 + 2μ₂ exactly"))
        e.add(.exact("maxMu2OverTauBound", "max of μ₂ / (λ_lb²/‖G‖_F²), λ_lb ≤ λ₁(G) a Rayleigh quotient", worstTauRatio, requirement: .atMost(1),
                     note: "≤ 1 certifies μ₂ ≤ τ(G) (λ_lb is a lower bound on λ₁, so the certificate is sufficient)"))
        let draws = try context.count("draws")
        let double = try numerical(s, draws: draws, Double.self, tag: "Double", &e)
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let extended = try numerical(s, draws: draws, Float80.self, tag: "Float80", &e)
        // μ in Double against μ in Float80 on the same rational data, within Double's tolerance.
        let gap = zip(double, extended).map { abs($0.mu - $1.mu) / $0.tolerance }.max() ?? 0
        e.add(Figure("precisionAgreement", "max over draws of |μ(Double) − μ(Float80)| / Double's tolerance", value: gap, tier: .numerical,
                     role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the two precisions agree"))
        #endif
        if s == Setup() { e.plots.append(try plot(scatter)) }
        e.summary = """
            Σ = ∇L∇Lᵀ + 2L·G holds exactly on all \(instances.count) rational instances, with μ = 1 + μ₂ ≥ 1 and μ₁ = 1 + 2μ₂; \
            in Double and Float80 every residual stays within its derived rounding bound.
            """
        return e
    }

    /// λ_lb²/‖G‖_F² with λ_lb the larger of vᵀGv/vᵀv (v: the top eigenvector of G in Double, rounded to the grid
    /// 2⁻²⁰ — any v gives a lower bound on λ₁) and ‖G‖_F²/Tr G; so λ_lb²/‖G‖_F² ≤ τ(G) = λ₁²/‖G‖_F².
    static func tauLowerBound(_ gram: [[Rational]], _ frobenius: Rational) throws -> Rational {
        let g = try Matrix<Double>(gram.map { $0.map(\.doubleValue) })
        let eig = try SymmetricEigendecomposition(g)
        let top = eig.eigenvalues.indices.max { eig.eigenvalues[$0] < eig.eigenvalues[$1] }! // p ≥ 1
        let v = try (0..<g.rows).map { try Rational(Int((eig.eigenvectors[$0, top] * 1_048_576).rounded()), 1_048_576) }
        let vv = try Exact.dot(v, v)
        guard vv > .zero else { return .one }
        let rayleigh = try Exact.dot(v, try Exact.apply(gram, v)) / vv
        // For G ⪰ 0 also λ₁ ≥ Σλ²/Σλ = ‖G‖_F²/Tr G, exact and attained when G has rank one.
        let trace = try Exact.trace(gram)
        let lambda = trace > .zero ? max(rayleigh, try frobenius / trace) : rayleigh
        return try lambda * lambda / frobenius
    }

    /// The constant of the first-order rounding bound: N products summed recursively, each built from d-term inner
    /// products (x = C·w, e = uᵀx, g = ∇Fᵀx) and a few multiplications.
    static func roundingConstant(points: Int, d: Int) -> Double { Double(points + 4 * d + 10) }

    /// Residuals and μ on `draws` real-valued instances in precision T; returns (μ, tolerance of μ) per draw.
    @discardableResult
    static func numerical<T: RealFloat>(_ s: Setup, draws: Int, _: T.Type, tag: String, _ e: inout Evidence) throws -> [(mu: Double, tolerance: Double)] {
        var rng = SeededGenerator(seed: 7_321)
        var worst = 0.0, belowOne = 0
        var out: [(mu: Double, tolerance: Double)] = []
        for k in 0..<draws {
            let d = s.numericalDimensions[k % s.numericalDimensions.count]
            let inst = try OLMInstance.random(index: k, dimension: d, exactGrid: false, using: &rng)
            let m = try inst.moments(T.self, designs: designs(s, dimension: d), labelNoise: s.labels, magnitude: { abs($0) })
            let residual = try m.identityResidual(dropGradientTerm: s.claimed == .withoutGradientTerm)
            let c = T(roundingConstant(points: m.points, d: d)) * T.ulpOfOne
            var trBound = T.zero, frobenius = T.zero
            for i in residual.indices {
                for j in residual.indices {
                    let bound = c * m.scale![i][j] // scale is set when a magnitude is given
                    worst = max(worst, Double(abs(residual[i][j]) / bound))
                    trBound += bound * abs(m.gram[j][i])
                    frobenius += m.gram[i][j] * m.gram[i][j]
                }
            }
            // μ = 1 + μ₂ + Tr(R·G)/(2L‖G‖_F²) with μ₂ ≥ 0: rounding can move the computed μ by the residual's share
            // (bounded entrywise above) plus the rounding of the traces and the division (p² + 8 terms, relative).
            let (mu, _, _) = try m.alignment()
            let tol = trBound / (2 * m.loss * frobenius) + T(residual.count * residual.count + 8) * T.ulpOfOne * mu
            if mu < 1 - tol { belowOne += 1 }
            out.append((Double(mu), Double(tol)))
        }
        e.add(Figure("residualOverBound[\(tag)]", "max over \(draws) draws and entries of |residual| / ((N + 4d + 10)·ε·magnitude)", value: worst,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the identity holds to rounding in \(tag) (ε = \(T.ulpOfOne))"))
        e.add(.count("drawsWithMuBelowOne[\(tag)]", "draws with μ below 1 by more than its rounding tolerance (\(tag))", belowOne,
                     requirement: .equals("0"), note: "μ ≥ 1 on every real-valued draw"))
        return out
    }

    static func plot(_ scatter: [(mu2: Double, mu: Double)]) throws -> Plot {
        // Rademacher inputs on F(θ) = θ with C = I: μ = (d − 1)/d exactly, for d = 2…8 (μ₂ from the same formula).
        var rad: [(Double, Double)] = []
        for d in 2...6 {
            let model = try OverparameterizedLinearModel(.plainLinear(d: d))
            let theta = (0..<d).map { Rational($0 % 2 == 0 ? 1 : -1) }
            let c = (0..<d).map { i in (0..<d).map { $0 == i ? Rational.one : .zero } }
            let inst = try OLMInstance(model: model, theta: theta, teacher: Array(repeating: .zero, count: d), inputFactor: c)
            let m = try inst.moments(Rational.self, designs: Array(repeating: .rademacher, count: d), labelNoise: .none)
            let (mu, _, mu2) = try m.alignment()
            rad.append((mu2.doubleValue, mu.doubleValue))
        }
        let xs = [0.0, 1.0]
        return Plot(
            key: "mu-vs-mu2",
            caption: """
                Each point is one exact instance (μ₂, μ): all lie on the line μ = 1 + μ₂ that Theorem 2.1 implies, above \
                μ = 1. Rademacher inputs on F(θ) = θ (the control; d = 2 at μ = 1/2 up to d = 6 at μ = 5/6) fall below 1 at \
                μ = (d − 1)/d — the identity needs the Gaussian fourth moment.
                """,
            chart: LinePlot(
                title: "WU-T2.1: alignment μ against μ₂ (exact instances)",
                xAxis: PlotAxis("μ₂ = ∇LᵀG∇L / (2L‖G‖²) (dimensionless)", include: [0]),
                yAxis: PlotAxis("μ = Tr(ΣG) / (2L‖G‖²) (dimensionless)", include: [0.4, 2]),
                series: [
                    PlotSeries("Gaussian inputs: exact instances", x: scatter.map(\.mu2), y: scatter.map(\.mu), style: .markers, color: 0),
                    PlotSeries("μ = 1 + μ₂ (Theorem 2.1)", x: xs, y: xs.map { 1 + $0 }, style: .reference, color: 1),
                    PlotSeries("μ = 1", x: xs, y: [1, 1], style: .reference, color: 5),
                    PlotSeries("control: Rademacher inputs, F(θ) = θ", x: rad.map(\.0), y: rad.map(\.1), style: .markers, color: 3),
                ]))
    }
}
