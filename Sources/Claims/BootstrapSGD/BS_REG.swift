import Constructions
import Numerics

/// BS-REG: the two explicit regularizers. Reg1 = λ₁Γ = λ₁·B·Tr Σ_S^B and E_j[Reg2] = λ₂Γ exactly;
/// ∇Reg1 (which needs second derivatives) by nested forward-mode AD within its rounding bound.
enum BS_REG {
    struct LambdaPair: Codable, Equatable, Sendable {
        var lambda1: Rational
        var lambda2: Rational
    }

    /// How the index j of Reg2 is drawn.
    enum IndexDistribution: String, Codable, Sendable {
        case uniform
        /// Probability 1/2 for the first point and 1/10 for each of the other five.
        case skewed = "skewed (1/2, then 1/10 each)"
    }

    /// Which closed form ∇Reg1 is compared with.
    enum ReferenceGradient: String, Codable, Sendable {
        /// λ₁(2/N)Σ(x_i x_iᵀ − H̄)(g_i − ḡ), the gradient of λ₁Γ.
        case centred
        /// λ₁(2/N)Σ x_i x_iᵀ g_i: the gradient of the uncentred second moment (a deliberate mutation).
        case uncentred
    }

    struct Setup: ClaimSetup {
        /// (λ₁, λ₂) pairs; the second has λ₂ ≠ 1 so that a dropped λ₂ cannot hide.
        var lambdas: [LambdaPair] = [LambdaPair(lambda1: try! Rational(1, 2), lambda2: .one), // 1/2: denominator ≠ 0
                                     LambdaPair(lambda1: try! Rational(3, 4), lambda2: try! Rational(5, 2))]
        /// Hypothesis of E_j[Reg2] = λ₂Γ.
        var indexDistribution: IndexDistribution = .uniform
        /// Hypothesis of Reg1 = λ₁·B·Tr Σ_S^B (through BS-EQ10).
        var sampling: MinibatchSampling = .withReplacement
        var batchSize = 2
        var referenceGradient: ReferenceGradient = .centred
    }

    static let claim = Claim(
        "BS-REG", paper: Papers.bootstrapSGD, location: "§4, definitions of Reg1 and Reg2",
        title: "The explicit regularizers Reg1 and Reg2 target Γ(θ)",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "reg1[l=1]",
        errata: [
            """
            The source says Reg2 "only needs a single mini-batch deviation" while Reg1 needs the full-batch gradient. Both \
            need ḡ = ∇L(S; θ): Reg2 = λ₂‖g_j − ḡ‖² subtracts it too, so Reg2 is cheaper only if ḡ is approximated (for \
            instance by a running average of recent minibatch gradients).
            """,
            """
            Because E_j[Reg2] = (λ₂/λ₁)·Reg1 for a uniform index, the two regularizers have the same expectation up to \
            the constant factor; they differ only through the sampling noise of j.
            """,
        ],
        statement: Statement(
            """
            Reg1(θ) = (λ₁/N)Σ‖g_i − ḡ‖² equals λ₁Γ(θ), and therefore λ₁·B·Tr Σ_S^B(θ) for minibatches drawn with \
            replacement. Reg2(θ; j) = λ₂‖g_j − ḡ‖² uses one index; when j is uniform on the training set its expectation \
            is λ₂Γ(θ). The gradient of Reg1 needs second derivatives of the loss.
            """,
            hypotheses: [
                Hypothesis("the index j of Reg2 is uniform on the training set", field: "indexDistribution"),
                Hypothesis("minibatches are drawn with replacement (for the link to Tr Σ_S^B, via BS-EQ10)", field: "sampling"),
            ],
            construction: """
                The BS-EQ10 least-squares data (N = 6, d = 2, θ = (1/2, −1/4)) with (λ₁, λ₂) = (1/2, 1) and (3/4, 5/2). \
                Reg1, E_j[Reg2] and λ₁·B·Tr Σ_S^B (B = 2, every batch enumerated) in rational arithmetic. ∇Reg1 for the \
                first pair by Dual<Dual<T>> in Double and Float80 (Float80 inputs are the exact images of the Double \
                inputs), compared with the exact closed form ∇Γ = (2/N)Σ(x_i x_iᵀ − H̄)(g_i − ḡ). Each error is divided by \
                its first-order rounding bound m·ε·λ₁·M_k (m = 4d + 2N + 8 roundings on any path, M_k the absolute-value \
                magnitude of component k); a ratio ≤ 1 meets the bound.
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("indexDistribution", name: "non-uniform index for Reg2",
                          "Draw j with probability 1/2 for the first point and 1/10 for each other one; E_j[Reg2] = λ₂Γ must fail.") {
                    $0.indexDistribution = .skewed
                },
                .dropping("sampling", name: "minibatches without replacement",
                          "Enumerate batches of distinct indices; λ₁·B·Tr Σ_S^B = Reg1 must fail (the trace shrinks by (N − B)/(N − 1)).") {
                    $0.sampling = .withoutReplacement
                },
                .mutation(name: "uncentred closed form", """
                    Compare ∇Reg1 with λ₁(2/N)Σ x_i x_iᵀ g_i, the gradient of (1/N)Σ‖g_i‖² rather than of Γ (centring only \
                    one factor would not be a mutation: it gives the same vector). The rounding-bound comparison must reject it.
                    """) { $0.referenceGradient = .uncentred },
            ]))

    static func check(_ setup: Setup, _ context: CheckContext) throws -> Evidence {
        let problem = try BootstrapFixtures.leastSquares()
        let theta = try BootstrapFixtures.theta.map { try Rational(exactly: $0) }
        let g = try problem.exactSampleGradients(at: theta)
        let n = problem.count
        let gamma = try MinibatchGradientCovariance.gradientVariance(g)
        let weights: [Rational] = setup.indexDistribution == .uniform
            ? try Array(repeating: Rational(1, n), count: n)
            : [try Rational(1, 2)] + Array(repeating: try Rational(1, 10), count: n - 1)
        let cov = try MinibatchGradientCovariance.enumerate(gradients: g, batchSize: setup.batchSize, sampling: setup.sampling)

        var e = Evidence()
        e.add(.exact("gamma", "Γ(θ)", gamma, note: "exact"))
        for (k, l) in setup.lambdas.enumerated() {
            let tag = "[l=\(k + 1)]", at = "λ₁ = \(l.lambda1), λ₂ = \(l.lambda2)"
            let reg1 = try GradientRegularizers.reg1(g, lambda1: l.lambda1)
            e.add(.exact("reg1" + tag, "Reg1(θ), \(at)", reg1, requirement: .equals(try (l.lambda1 * gamma).description), note: "must equal λ₁Γ"))
            e.add(.exact("lambda1BTraceSigma" + tag, "λ₁·B·Tr Σ_S^B (B = \(setup.batchSize), enumerated), \(at)",
                         try l.lambda1 * Rational(setup.batchSize) * cov.trace(), requirement: .equals(reg1.description), note: "must equal Reg1"))
            e.add(.exact("expectedReg2" + tag, "E_j[Reg2(θ; j)], \(at)",
                         try GradientRegularizers.expectedReg2(g, weights: weights, lambda2: l.lambda2),
                         requirement: .equals(try (l.lambda2 * gamma).description), note: "must equal λ₂Γ"))
        }

        // ∇Reg1 for the first pair: nested-dual AD against the exact closed form.
        let lambda1 = setup.lambdas[0].lambda1
        let reference = try Exact.scale(GradientRegularizers.exactGradientOfGradientVariance(problem, at: theta, centered: setup.referenceGradient == .centred),
                                        by: lambda1)
        for (k, r) in reference.enumerated() {
            e.add(.exact("gradReg1ClosedForm[k=\(k + 1)]", "∂Reg1/∂θ_\(k + 1) (closed form, \(setup.referenceGradient.rawValue))", r, note: "exact reference"))
        }
        let dualD = try dualGradient(problem, lambda1, Double.self)
        e.add(Figure("gradReg1ErrorOverBound.double", "∇Reg1 error / bound, Double",
                     value: try boundRatio(dualD, reference, epsilon: Double.ulpOfOne, lambda1: lambda1, problem: problem),
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(1),
                     note: "error in units of the first-order bound m·ε·λ₁·M_k (ε = 2⁻⁵²); the baseline allows drift of one bound unit"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let dualX = try dualGradient(problem, lambda1, Float80.self)
        e.add(Figure("gradReg1ErrorOverBound.float80", "∇Reg1 error / bound, Float80",
                     value: try boundRatio(dualX, reference, epsilon: Double(Float80.ulpOfOne), lambda1: lambda1, problem: problem),
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(1), note: "as above with ε = 2⁻⁶³"))
        e.add(Figure("gradReg1PrecisionGapOverBound", "|Double − Float80| / bound",
                     value: try boundRatio(dualD, dualX.map { try Rational(exactly: $0) }, epsilon: Double.ulpOfOne + Double(Float80.ulpOfOne),
                                           lambda1: lambda1, problem: problem),
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(1),
                     note: "agreement of the two precisions in units of m·(ε_D + ε_80)·λ₁·M_k"))
        #endif
        e.summary = """
            Reg1 = λ₁Γ = λ₁·B·Tr Σ_S^B and E_j[Reg2] = λ₂Γ hold exactly for both (λ₁, λ₂) pairs; the nested-dual gradient of \
            Reg1 matches the exact closed form within its rounding bound in every precision.
            """
        return e
    }

    /// Largest |computed_k − reference_k| / (m·ε·λ₁·M_k) over components, with the error computed
    /// exactly from the exact value of each floating-point result.
    static func boundRatio<F: BinaryFloatingPoint>(_ computed: [F], _ reference: [Rational], epsilon: Double, lambda1: Rational,
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

    static func dualGradient<T: RealFloat>(_ problem: LeastSquaresProblem, _ lambda1: Rational, _: T.Type) throws -> [T] {
        let theta = BootstrapFixtures.theta.map { T($0) }
        let g = try Derivatives.gradient(of: GradientVarianceObjective(problem: problem), at: theta)
        return g.map { T(lambda1.doubleValue) * $0 }
    }
}
