import Constructions
import Numerics

/// BS-SMITH (Smith et al. 2021, cited): SGD implicitly regularizes Γ. CITED, with an exact
/// checkable form: the mean iterate after one epoch, as a polynomial in the step ε, matches
/// gradient flow on C + (ε/4)‖∇C‖² + (ε/4)·c·Γ/B to O(ε²) with c = (N − B)/(N − 1) under random
/// reshuffling and c = 0 under sampling with replacement — the scheme the source pairs the
/// result with.
enum BS_SMITH {
    /// Which Γ-coefficient c the prediction uses for each scheme.
    enum CoefficientRule: String, Codable, Sendable {
        /// Reshuffling: (N − B)/(N − 1); with replacement: 0.
        case derived = "reshuffling (N − B)/(N − 1), with replacement 0"
        /// The source's pairing: Smith's term with the reshuffling factor under with-replacement sampling too.
        case seedPairing = "(N − B)/(N − 1) for both schemes"
        /// Γ/B without the finite-population factor (c = 1) under reshuffling.
        case noFinitePopulationFactor = "reshuffling 1, with replacement 0"
    }

    struct Case: Codable, Equatable, Sendable {
        var scheme: EpochExpansion.Scheme
        var batch: Int
    }

    struct Setup: ClaimSetup {
        var rule: CoefficientRule = .derived
        var cases = [Case(scheme: .reshuffling, batch: 1), Case(scheme: .reshuffling, batch: 2), Case(scheme: .reshuffling, batch: 4),
                     Case(scheme: .withReplacement, batch: 1), Case(scheme: .withReplacement, batch: 2)]
    }

    static let claim = Claim(
        "BS-SMITH", paper: Papers.bootstrapSGD, location: "§3.4 (citing Smith et al. 2021)",
        title: "SGD's implicit Γ regularizer: present at O(ε²) for random reshuffling with factor (N − B)/(N − 1), absent for sampling with replacement",
        expected: .cited, tiers: [.exact], keyFigure: "maxResidual",
        errata: [
            """
            [SEED] pairs Smith et al.'s Γ/B regularizer with minibatches drawn with replacement. At the order at which the \
            regularizer is derived (the mean iterate after an epoch, to O(ε²)), sampling with replacement has no Γ term at \
            all (the exact expansion below, c = 0); random reshuffling has it, with the finite-population factor \
            (N − B)/(N − 1) — Smith's Γ/B times the without-replacement factor of BS-EQ10's control. Γ still enters \
            with-replacement SGD through its noise (second moments), which is what BS-IDEAL exercises.
            """,
        ],
        statement: Statement(
            """
            [SEED, paraphrased] Smith et al. showed that SGD implicitly regularizes Γ(θ) = (1/N)Σ‖∇L(z_i; θ) − ∇L(S; θ)‖², \
            which equals B·Tr Σ_S^B. Checkable form [OURS]: after one epoch of m = N/B steps of size ε, \
            E[w_m] = w₀ − mε∇C̃(w₀) + ((mε)²/2)∇²C∇C + O(ε³) with C̃ = C + (ε/4)‖∇C‖² + (ε/4)·c·Γ/B, where c = (N − B)/(N − 1) \
            for random reshuffling and c = 0 for batches drawn with replacement.
            """,
            form: .cited,
            hypotheses: [Hypothesis("the Γ-coefficient c of each sampling scheme", field: "rule")],
            construction: """
                Least squares on the first four points of the BS-EQ10 data (N = 4, d = 2), w₀ = (1/2, −1/4). E[w_m] is an \
                exact polynomial in ε (each step is affine in w), averaged over all 24 orderings (reshuffling, batches = \
                consecutive blocks) or all 4^{Bm} = 256 index sequences (with replacement), for B = 1, 2 (and B = 4 = N under \
                reshuffling: one full-batch step, c = 0). The coefficients of ε⁰, ε¹, ε² of E[w_m] − prediction must vanish.
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("rule", name: "the source's pairing (Γ term under sampling with replacement)", """
                    Use c = (N − B)/(N − 1) for with-replacement batches as well: the ε² coefficients must be left over \
                    (catalog: (8303/4096, −5701/4096) for B = 1).
                    """) { $0.rule = .seedPairing },
                .mutation(name: "no finite-population factor", """
                    Use c = 1 (Smith's Γ/B without (N − B)/(N − 1)) under reshuffling: B = 2 must leave (8303/49152, −5701/49152)ε².
                    """) { $0.rule = .noFinitePopulationFactor },
            ]))

    static func coefficient(_ rule: CoefficientRule, _ c: Case, n: Int) throws -> Rational {
        let finite = try Rational(n - c.batch, n - 1)
        switch (rule, c.scheme) {
        case (.derived, .reshuffling), (.seedPairing, _): return finite
        case (.derived, .withReplacement), (.noFinitePopulationFactor, .withReplacement): return .zero
        case (.noFinitePopulationFactor, .reshuffling): return .one
        }
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let problem = try BootstrapFixtures.leastSquares().prefix(4)
        let start = try BootstrapFixtures.theta.map { try Rational(exactly: $0) }
        let g = try problem.exactSampleGradients(at: start)
        e.add(.exact("gamma", "Γ(w₀)", try MinibatchGradientCovariance.gradientVariance(g), note: "catalog: 23595/32768"))
        let grad = try GradientRegularizers.exactGradientOfGradientVariance(problem, at: start)
        for k in 0..<2 { e.add(.exact("gradGamma[k=\(k + 1)]", "∂Γ/∂w_\(k + 1) at w₀", grad[k], note: "catalog: 8303/4096, −5701/4096")) }
        var worst = Rational.zero
        for c in s.cases {
            let coeff = try coefficient(s.rule, c, n: problem.count)
            let mean = try EpochExpansion.meanIterate(problem, start: start, batch: c.batch, scheme: c.scheme)
            let predicted = try EpochExpansion.prediction(problem, start: start, batch: c.batch, gammaFactor: coeff)
            let residual = try EpochExpansion.residual(mean, predicted, maxDegree: 2)
            let tag = "[\(c.scheme == .reshuffling ? "reshuffling" : "withReplacement"),B=\(c.batch)]"
            e.add(.exact("gammaCoefficient" + tag, "c used for \(c.scheme.rawValue), B = \(c.batch)", coeff, note: s.rule.rawValue))
            for p in 0...2 {
                for k in 0..<2 {
                    let v = residual[k][p]
                    if worst < v.magnitude { worst = v.magnitude }
                    if p == 2 {
                        e.add(.exact("residualEps2\(tag)[k=\(k + 1)]", "ε² coefficient of E[w_m] − prediction, component \(k + 1), \(c.scheme.rawValue), B = \(c.batch)", v,
                                     note: "0 when c is the scheme's coefficient"))
                    }
                }
            }
        }
        e.add(.exact("maxResidual", "max |coefficient of ε⁰, ε¹, ε²| of E[w_m] − prediction over every case", worst, requirement: .equals("0"),
                     note: "exact: the backward-error prediction with the scheme's Γ coefficient matches the enumerated mean iterate to O(ε²)"))
        e.summary = """
            Under reshuffling the mean iterate carries Smith's Γ term with factor (N − B)/(N − 1); with replacement it carries \
            none at O(ε²). Exact on every case.
            """
        return e
    }
}
