import Constructions
import Numerics

/// BS-REG: the two explicit regularizers and their relation to Γ and Σ_S^B.
enum RegularizerClaim {
    static let lambda1 = try! Rational(1, 2) // λ₁/λ₂ = 1/2, the ratio the paper found best; constant, cannot fail
    static let lambda2 = Rational.one
    /// B used for the identity Reg1 = λ₁·B·Tr Σ_S^B.
    static let batchSize = 2

    static let claim = Claim(
        id: "BS-REG", paper: Papers.bootstrapSGD, location: "§4, definitions of Reg1 and Reg2",
        title: "The explicit regularizers Reg1 and Reg2 target Γ(θ)",
        statement: """
            Reg1(θ) = (λ₁/N)Σ‖g_i − ḡ‖² equals λ₁Γ(θ) and therefore λ₁·B·Tr Σ_S^B(θ). Reg2(θ; j) = λ₂‖g_j − ḡ‖² uses \
            one index; when j is uniform on the training set its expectation is λ₂Γ(θ). The gradient of Reg1 \
            needs second derivatives of the loss and is computed here by nested forward-mode AD.
            """,
        hypotheses: ["j uniform on {1..N} for the expectation of Reg2",
                     "minibatches with replacement for the link to Tr Σ_S^B (BS-EQ10)"],
        construction: """
            The BS-EQ10 least-squares data (N = 6, d = 2, θ = (1/2, −1/4)) with λ₁ = 1/2, λ₂ = 1. Reg1, E_j[Reg2] and \
            B·Tr Σ_S^B (B = 2, enumerated) in exact rationals. ∇Reg1 by Dual<Dual<T>> in Double and Float80 (Float80 \
            inputs are the exact images of the Double inputs), compared with the exact closed form \
            ∇Γ = (2/N)Σ(x_i x_iᵀ − H̄)(g_i − ḡ). Each error is divided by its first-order rounding bound m·ε·M_k \
            (m = 4d + 2N + 8 roundings on any path, M_k the absolute-value magnitude of component k); a ratio ≤ 1 \
            meets the bound.
            """,
        tiers: [.exact, .numerical], expectedVerdict: .holds,
        check: check,
        controls: [
            NegativeControl(
                name: "non-uniform index for Reg2",
                description: "Draw j with probability 1/2 for the first point and 1/10 for each other one; the exact expectation identity must fail.",
                run: nonUniformControl),
            NegativeControl(
                name: "uncentred closed form",
                description: "Forget the centring in the closed form, i.e. use (2/N)Σ x_i x_iᵀ g_i, the gradient of (1/N)Σ‖g_i‖² rather than of Γ (centring only one factor would not be a mutation: it gives the same vector). The same rounding-bound comparison must reject it.",
                run: uncentredControl),
        ])

    static func problemAndTheta() throws -> (LeastSquaresProblem, [Rational]) {
        (try BootstrapFixtures.leastSquares(), try BootstrapFixtures.theta.map { try Rational(exactly: $0) })
    }

    /// Largest ratio |computed_k − reference_k| / (m·ε·λ₁·M_k) over components, computed exactly
    /// from the exact value of each floating-point result.
    static func boundRatio<F: BinaryFloatingPoint>(_ computed: [F], _ reference: [Rational], epsilon: Double,
                                                   problem: LeastSquaresProblem) throws -> Double {
        let magnitude = GradientRegularizers.roundingMagnitude(problem, at: BootstrapFixtures.theta)
        let m = Double(GradientRegularizers.roundingDepth(problem))
        var worst = 0.0
        for k in 0..<computed.count {
            let err = try (Rational(exactly: computed[k]) - reference[k]).magnitude.doubleValue
            worst = max(worst, err / (m * epsilon * lambda1.doubleValue * magnitude[k]))
        }
        return worst
    }

    static func dualGradient<T: RealFloat>(_ problem: LeastSquaresProblem, _: T.Type) throws -> [T] {
        let theta = BootstrapFixtures.theta.map { T($0) }
        let g = try Derivatives.gradient(of: GradientVarianceObjective(problem: problem), at: theta)
        return g.map { T(lambda1.doubleValue) * $0 }
    }

    /// Requirement of every rounding-bound ratio: the first-order bound must hold.
    static let withinBound = Requirement.atMost(1)

    static func check() throws -> CheckOutcome {
        let (problem, theta) = try problemAndTheta()
        let g = try problem.exactSampleGradients(at: theta)
        let n = problem.count
        let gamma = try MinibatchGradientCovariance.gradientVariance(g)
        let reg1 = try GradientRegularizers.reg1(g, lambda1: lambda1)
        let uniform = try Array(repeating: Rational(1, n), count: n)
        let expectedReg2 = try GradientRegularizers.expectedReg2(g, weights: uniform, lambda2: lambda2)
        let cov = try MinibatchGradientCovariance.enumerate(gradients: g, batchSize: batchSize, sampling: .withReplacement).covariance
        let viaTrace = try lambda1 * Rational(batchSize) * Exact.trace(cov)

        let reference = try Exact.scale(GradientRegularizers.exactGradientOfGradientVariance(problem, at: theta), by: lambda1)
        let dualD = try dualGradient(problem, Double.self)
        var figures: [Figure] = [
            .exact("Γ(θ)", gamma, note: "exact"),
            .exact("Reg1(θ)", reg1, requirement: .equals(try (lambda1 * gamma).description), note: "must equal λ₁Γ"),
            .exact("λ₁·B·Tr Σ_S^B (B=2, enumerated)", viaTrace, requirement: .equals(reg1.description), note: "must equal Reg1"),
            .exact("E_uniform j [Reg2(θ; j)]", expectedReg2, requirement: .equals(try (lambda2 * gamma).description), note: "must equal λ₂Γ"),
        ]
        for (k, r) in reference.enumerated() {
            figures.append(.exact("∂Reg1/∂θ_\(k + 1) (closed form)", r, note: "exact reference"))
        }
        figures.append(Figure("∇Reg1 error / bound, Double", value: try boundRatio(dualD, reference, epsilon: Double.ulpOfOne, problem: problem),
                              tier: .numerical, requirement: withinBound, tolerance: .absolute(1),
                              note: "error in units of the first-order bound m·ε·M_k (ε = 2⁻⁵²); the baseline allows drift of one bound unit"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let dualX = try dualGradient(problem, Float80.self)
        figures.append(Figure("∇Reg1 error / bound, Float80", value: try boundRatio(dualX, reference, epsilon: Double(Float80.ulpOfOne), problem: problem),
                              tier: .numerical, requirement: withinBound, tolerance: .absolute(1), note: "as above with ε = 2⁻⁶³"))
        figures.append(Figure("|Double − Float80| / bound",
                              value: try boundRatio(dualD, dualX.map { try Rational(exactly: $0) }, epsilon: Double.ulpOfOne + Double(Float80.ulpOfOne), problem: problem),
                              tier: .numerical, requirement: withinBound, tolerance: .absolute(1),
                              note: "agreement of the two precisions in units of m·(ε_D + ε_80)·M_k"))
        #endif
        return .fromRequirements(figures, tier: .exact, holds: """
            Reg1 = λ₁Γ = λ₁·B·Tr Σ_S^B and E_j[Reg2] = λ₂Γ hold exactly; the nested-dual gradient of Reg1 matches the exact \
            closed form within its rounding bound in every precision.
            """)
    }

    static func nonUniformControl() throws -> ControlOutcome {
        let (problem, theta) = try problemAndTheta()
        let g = try problem.exactSampleGradients(at: theta)
        let weights = [try Rational(1, 2)] + Array(repeating: try Rational(1, 10), count: problem.count - 1)
        let target = try lambda2 * MinibatchGradientCovariance.gradientVariance(g)
        return .fromRequirements([
            .exact("E_skewed j [Reg2]", try GradientRegularizers.expectedReg2(g, weights: weights, lambda2: lambda2),
                   requirement: .differsFrom(target.description), note: "must differ from λ₂Γ"),
            .exact("λ₂Γ", target, note: "the uniform-index value"),
        ], flagged: "With a skewed index distribution E_j[Reg2] ≠ λ₂Γ, as it must.")
    }

    static func uncentredControl() throws -> ControlOutcome {
        let (problem, theta) = try problemAndTheta()
        let wrong = try Exact.scale(GradientRegularizers.exactGradientOfGradientVariance(problem, at: theta, centered: false), by: lambda1)
        let ratio = try boundRatio(try dualGradient(problem, Double.self), wrong, epsilon: Double.ulpOfOne, problem: problem)
        return .fromRequirements([
            Figure("∇Reg1 (mutated) error / bound, Double", value: ratio, tier: .numerical, requirement: .greaterThan(1),
                   tolerance: .relative(1e-6),
                   note: "a modelling error, not rounding: must exceed the bound; relative drift 1e-6 allowed (the value is dominated by the exact mutation, not by rounding)"),
        ], flagged: "The mutated closed form misses the AD gradient by far more than the rounding bound.")
    }
}

enum BootstrapSGDClaims {
    static let all: [Claim] = [MinibatchCovarianceClaim.claim, RegularizerClaim.claim]
}
