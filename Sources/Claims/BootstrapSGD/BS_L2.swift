import Constructions
import Numerics

/// BS-L2 (Lemma 2, eq. 6–7): a bound on the algorithmic variability by accumulated gradient
/// statistics. CITED — our source gives no formula for eq. 6–7, so no inequality can be checked;
/// the relations the source does state are checked exactly: Reg1 = λ₁B·Tr Σ_S^B (R1), the first
/// component's estimator converges to its population version (R2, through BS-T1's exact law) and
/// E_j Reg2 = λ₂Γ (R3).
enum BS_L2 {
    struct Setup: ClaimSetup {
        /// Sampling of the minibatch whose covariance Reg1 is compared with (R1).
        var sampling: MinibatchSampling = .withReplacement
        var batchSize = 2
        var lambda1 = BS_T1.r(1, 2)
        var lambda2 = BS_T1.r(5, 2)
    }

    static let claim = Claim(
        "BS-L2", paper: Papers.bootstrapSGD, location: "§3.3, Lemma 2 (eq. 6–7)",
        title: "Algorithmic-variability bound (no formula in our source): the relations it states, checked",
        expected: .cited, tiers: [.exact], keyFigure: "r1Difference",
        errata: [
            """
            Our source (a summary) names Lemma 2 and its two components (eq. 6 and eq. 7) but gives no formula for either, \
            so the bound itself cannot be checked; only the relations it states about the bound's estimators are.
            """,
            """
            [OURS] R3 means that in expectation Reg2 is the same functional as Reg1 (up to λ₂/λ₁): the source's statement \
            that Reg1 and Reg2 target different components of the bound cannot be derived from the formulas it gives; in \
            BS-DLN they differ only through Reg2's sampling noise.
            """,
            """
            [OURS] The bounded quantity V = (1/N)Σ_i E J(A_T(S^i) − A_T(S)) is computed exactly on least squares in BS-L1 \
            and by coupled reruns on the diagonal linear network in BS-FIG3.
            """,
        ],
        statement: Statement(
            """
            [SEED, paraphrased] Lemma 2 bounds the algorithmic variability by accumulated gradient statistics in two \
            components (eq. 6 and 7); SGD's accumulated minibatch gradient covariance is a bootstrap estimate of the first, \
            and Reg1 and Reg2 are plug-in estimators of the components. Checkable here: (R1) Reg1 = λ₁Γ = λ₁B·Tr Σ_S^B; \
            (R2) the estimator B·Σ_S^B converges in mean square to Σ_pop (exact law of BS-T1); (R3) E_j Reg2 = λ₂Γ.
            """,
            form: .cited,
            hypotheses: [Hypothesis("minibatches are drawn with replacement (R1, through BS-EQ10)", field: "sampling")],
            construction: """
                The BS-EQ10 least-squares data (N = 6, d = 2, θ = (1/2, −1/4)), λ₁ = 1/2, λ₂ = 5/2, B = 2, every batch \
                enumerated in rationals (R1, R3); BS-T1's Gaussian instance and its exact finite-N law at N = 2⁷ and 2¹⁵ (R2).
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("sampling", name: "minibatches without replacement", """
                    Enumerate batches of distinct indices: λ₁B·Tr Σ_S^B shrinks by (N − B)/(N − 1) = 4/5 and R1 must fail.
                    """) { $0.sampling = .withoutReplacement },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let problem = try BootstrapFixtures.leastSquares()
        let theta = try BootstrapFixtures.theta.map { try Rational(exactly: $0) }
        let g = try problem.exactSampleGradients(at: theta)
        let gamma = try MinibatchGradientCovariance.gradientVariance(g)
        let cov = try MinibatchGradientCovariance.enumerate(gradients: g, batchSize: s.batchSize, sampling: s.sampling)
        let reg1 = try GradientRegularizers.reg1(g, lambda1: s.lambda1)
        e.add(.exact("reg1", "Reg1 = λ₁Γ", reg1, note: "λ₁ = \(s.lambda1)"))
        e.add(.exact("r1Difference", "R1: λ₁B·Tr Σ_S^B − Reg1 (B = \(s.batchSize), enumerated)", try s.lambda1 * Rational(s.batchSize) * cov.trace() - reg1,
                     requirement: .equals("0"), note: "0: Reg1 is λ₁B times the trace of the minibatch covariance"))
        let uniform = try Array(repeating: Rational(1, g.count), count: g.count)
        e.add(.exact("r3Difference", "R3: E_j Reg2 − λ₂Γ (j uniform)", try GradientRegularizers.expectedReg2(g, weights: uniform, lambda2: s.lambda2) - s.lambda2 * gamma,
                     requirement: .equals("0"), note: "0: in expectation Reg2 is (λ₂/λ₁)·Reg1"))
        let m = try BS_T1.instance().closedForm()
        let small = try GaussianLeastSquaresGradient.expectedSquaredError(n: 128, fourthMoment: m.fourthMoment, squaredFrobenius: m.squaredFrobenius, trace: m.trace)
        let large = try GaussianLeastSquaresGradient.expectedSquaredError(n: 32768, fourthMoment: m.fourthMoment, squaredFrobenius: m.squaredFrobenius, trace: m.trace)
        e.add(.exact("r2ErrorN128", "R2: E‖B·Σ_S^B − Σ_pop‖_F² at N = 128 (exact)", small, note: "BS-T1's law"))
        e.add(.exact("r2ErrorRatio", "R2: E at N = 32768 / E at N = 128", try large / small, requirement: .atMost(1.0 / 200),
                     note: "≤ 1/200: the error falls about as 1/N (the ratio of sizes is 1/256), i.e. the estimator converges"))
        e.summary = "R1 and R3 hold exactly on the fixture, and the exact law shows the estimator of R2 converging at rate 1/N."
        return e
    }
}
