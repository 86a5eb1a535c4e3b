import Constructions
import Numerics

/// WU-PD.7 (Proposition D.7): for bounded features (|φ| ≤ b) and m ≥ n, with probability > 1 − δ, uniformly in θ:
/// μ₁ ≥ inf χ/χ̄ − ε_n, μ₂ ≤ τ(K) + ε_n, μ ≥ inf χ/χ̄ − τ(K) − 2ε_n, with ε_n = C·b²·√(log(1/δ)/n) and C unspecified.
/// Checked: the exact steps inside (Lemma 2.3 and the attained bound (23)), the rates, the constant the data need, and an
/// explicit-constant variant (C = 1, δ = 0.1) on the ReLU sphere instance.
enum WU_PD_7 {
    struct Setup: ClaimSetup {
        var distribution = RandomFeatureDistribution.sphere
        var dimension = 5
        var featureRatio = 2
        var delta = 0.1
        var residualsPerSample = 3
    }

    static let samples = [
        SampleCount("maxSizeExponent", "largest n = 50·2^k of the grid n = 50, 100, 200, … (the exponent k)", quick: 3, full: 5),
        SampleCount("seeds", "independent samples (data and features) per n", quick: 6, full: 10),
        SampleCount("muMinMaxSize", "largest n at which μ_min (an n × n eigendecomposition) is computed", quick: 100, full: 200),
    ]

    static let claim = Claim(
        "WU-PD.7", paper: Papers.linearStability, location: "Appendix D.2, Proposition D.7",
        title: "General RFMs: μ₁ ≥ inf χ/χ̄ − ε_n, μ₂ ≤ τ(K) + ε_n with an unspecified C — rates ≈ n^{−1/2}, C = 1 suffices here",
        expected: .uncheckableConstant, tiers: [.numerical, .statistical], keyFigure: "impliedConstant",
        errata: [
            "The proof invokes \"Proposition 2.3\" (it is Lemma 2.3) and a \"Lemma ??\" (Lemma D.6).",
            "(23) is printed with \"=\": μ₂ ≤ λ₁(K̂)²/‖K̂‖_F² is an inequality, with equality only at the top eigenvector of K̂.",
            "ε_n appears with b and with b², and with log(1/δ) and log(2/δ); the proof's own ε_n is √(log(1/δ)/n) + b²√(log(1/δ)/m). We read C·b²·√(log(1/δ)/n) with m ≥ n.",
        ],
        statement: Statement(
            """
            Let sup_{x,w}|φ(x; w)| ≤ b, m ≥ n, χ(x) = E_{x′}k²(x, x′) and χ̄ = E_x χ(x). For δ ∈ (0, 1/e), with probability \
            more than 1 − δ over data and features, for every θ: μ₁(θ) ≥ inf_x χ(x)/χ̄ − ε_n, μ₂(θ) ≤ τ(K) + ε_n and \
            μ(θ) ≥ inf_x χ(x)/χ̄ − τ(K) − 2ε_n, where τ(K) = λ₁(K)²/Σλ_j(K)² and ε_n = C·b²·√(log(1/δ)/n) for an absolute constant C.
            """,
            form: .unspecifiedConstant,
            hypotheses: [Hypothesis("bounded features: unit inputs and weights of norm √d give |φ| ≤ b = √d", field: "distribution"),
                         Hypothesis("m ≥ n (m = 2n)", field: "featureRatio")],
            construction: """
                ReLU sphere instance, d = 5, m = 2n, n = 50, 100, 200, … (quick: up to 400; full: 1600), independent samples per n. \
                On the sphere inf χ(x)/χ̄ = 1 and τ(K) comes from WU-KAPPA's quadrature. Per sample: γ_n = inf_θ μ₁ (n-space, \
                exact formula), τ(G) = λ₁(K)²/‖K‖_F² by power iteration (with its residual), μ_min = inf μ for n ≤ 100 (full: 200). Exact \
                steps: μ₁ ≥ γ_n and μ₂ ≤ τ(G) at the residual e_{i*} and Gaussian residuals, within 2(2m + 4n + 16)·ε relative \
                (sums of non-negative terms) — Lemma 2.3 as used in the proof; (23) attained: μ₂ at the top eigenvector of K equals \
                τ(G) within r²/λ² + (2n + 8)ε (r the power-iteration residual). Rates: the mean of 1 − γ_n falls with n, \
                (mean at the smallest n − mean at the largest)/se ≥ 3.09 (99.9%); log–log slopes reported. The constant the \
                data need: max over samples of the three deviations divided by b²√(log(1/δ)/n), δ = 0.1.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("distribution", name: "Gaussian inputs", """
                x, w ~ N(0, I_d): φ is unbounded and inf χ(x)/χ̄ = 0, so γ_n does not approach 1 — it falls — and the rate \
                test fails.
                """) { $0.distribution = .gaussian }]),
        repair: .inline(explicitStatement))

    struct Sample {
        let n: Int
        let gamma: Double, tauG: Double, muMin: Double?
        let lemmaRatio: Double, attainRatio: Double, maxFeature: Double
    }

    static func sizes(_ context: CheckContext) throws -> [Int] { (0...(try context.count("maxSizeExponent"))).map { 50 << $0 } }

    static func run(_ s: Setup, n: Int, seed k: Int, muMinUpTo: Int) throws -> Sample {
        let m = s.featureRatio * n
        let rfm = try ReLURandomFeatures.sample(n: n, m: m, d: s.dimension, distribution: s.distribution, seed: 71_000 + UInt64(n * 100 + k))
        let align = try KernelAlignment(features: rfm.features(Double.self))
        let top = try align.topEigenpair()
        let tauG = top.value * top.value / align.frobeniusSquared
        var rng = SeededGenerator(seed: 72_000 + UInt64(n * 100 + k))
        var residuals = [(0..<n).map { $0 == align.argminChi ? 1.0 : 0 }]
        for _ in 0..<s.residualsPerSample { residuals.append((0..<n).map { _ in rng.normal() }) }
        var lemma = 0.0
        let rel = Double(2 * (2 * m + 4 * n + 16)) * Double.ulpOfOne
        for r in residuals {
            let (_, mu1, mu2) = try align.alignment(residuals: r)
            lemma = max(lemma, (align.gamma - mu1) / (rel * mu1), (mu2 - tauG) / (rel * tauG))
        }
        let (_, _, mu2Top) = try align.alignment(residuals: top.vector)
        let attainTol = top.residual * top.residual / (top.value * top.value) + Double(2 * n + 8) * Double.ulpOfOne
        let attain = abs(mu2Top - tauG) / (attainTol * tauG)
        let muMin = n <= muMinUpTo ? try align.alignmentMinimum().muMin : nil
        return Sample(n: n, gamma: align.gamma, tauG: tauG, muMin: muMin, lemmaRatio: lemma, attainRatio: attain, maxFeature: rfm.maxFeature())
    }

    static func runs(_ s: Setup, _ context: CheckContext, maxSize: Int? = nil) throws -> [Sample] {
        let seeds = try context.count("seeds"), muUpTo = try context.count("muMinMaxSize")
        return try sizes(context).filter { $0 <= (maxSize ?? .max) }.flatMap { n in try (0..<seeds).map { try run(s, n: n, seed: $0, muMinUpTo: muUpTo) } }
    }

    static func populationTau(_ d: Int) throws -> Double { try ReLUSphereKernel.spectrum(dimension: d, Double.self).tau }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let all = try runs(s, context)
        let tauK = try populationTau(s.dimension)
        let b2 = Double(s.dimension)
        let logInv = -Double.log(s.delta)
        e.add(Figure("maxFeatureOverB", "max |φ(x_i; w_j)| / √d over every sample", value: all.map(\.maxFeature).max()! / b2.squareRoot(), tier: .numerical,
                     tolerance: .relative(1e-9), note: "≤ 1 on the sphere (|wᵀx| ≤ ‖w‖‖x‖ = √d), so b = √d; unbounded for Gaussian inputs"))
        e.add(Figure("lemmaStepRatio", "max over samples and residuals of (γ − μ₁)/bound and (μ₂ − τ(G))/bound", value: all.map(\.lemmaRatio).max()!,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the proof's Lemma 2.3 step μ₁ ≥ γ_n, μ₂ ≤ τ(G) holds at every residual tested"))
        e.add(Figure("bound23Attained", "max over samples of |μ₂(top eigenvector) − τ(G)| / (r²/λ² + (2n + 8)ε)·τ(G)", value: all.map(\.attainRatio).max()!,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: sup μ₂ = λ₁(K̂)²/‖K̂‖_F² is attained — (23) is an inequality with equality at the top eigenvector"))
        let ns = try sizes(context)
        var gapGamma: [Double] = [], gapTau: [Double] = [], seGamma: [Double] = []
        var implied = 0.0
        for n in ns {
            let r = all.filter { $0.n == n }
            var g = Welford<Double>(), t = Welford<Double>()
            for x in r { try g.add(1 - x.gamma); try t.add(abs(x.tauG - tauK)) }
            gapGamma.append(g.mean); gapTau.append(t.mean); seGamma.append(try g.standardError())
            let scale = b2 * (logInv / Double(n)).squareRoot()
            for x in r {
                var need = max(1 - x.gamma, x.tauG - tauK)
                if let mu = x.muMin { need = max(need, (1 - tauK - mu) / 2) }
                implied = max(implied, need / scale)
            }
            e.add(Figure("oneMinusGammaMean[n=\(n)]", "mean 1 − γ_n, n = \(n)", value: g.mean, tier: .statistical, tolerance: .relative(1e-9),
                         note: "se \(try g.standardError()); mean |τ(G) − τ(K)| = \(t.mean) (τ(K) = \(tauK))"))
        }
        let z = (gapGamma.first! - gapGamma.last!) / (seGamma.first! * seGamma.first! + seGamma.last! * seGamma.last!).squareRoot()
        let zCrit = try Statistics.normalQuantile(0.999)
        e.add(Figure("gapShrinksZ", "(mean 1 − γ at n = \(ns.first!) − at n = \(ns.last!)) / se", value: z, tier: .statistical,
                     requirement: .atLeast(zCrit), tolerance: .relative(1e-6),
                     note: "≥ Φ⁻¹(0.999) = \(zCrit): 1 − γ_n → 0 (inf χ/χ̄ = 1 on the sphere) at 99.9% confidence"))
        let logN = ns.map { Double.log(Double($0)) }
        let slopeGamma = try Statistics.linearFit(x: logN, y: gapGamma.map { Double.log($0) })
        e.add(Figure("slopeOneMinusGamma", "log–log slope of mean 1 − γ_n against n", value: slopeGamma.slope, tier: .statistical,
                     tolerance: .absolute(1e-9), note: "± \(slopeGamma.slopeStandardError) (OLS); ε_n predicts −1/2"))
        if gapTau.allSatisfy({ $0 > 0 }) {
            let slopeTau = try Statistics.linearFit(x: logN, y: gapTau.map { Double.log($0) })
            e.add(Figure("slopeTauGap", "log–log slope of mean |τ(G) − τ(K)| against n", value: slopeTau.slope, tier: .statistical,
                         tolerance: .absolute(1e-9), note: "± \(slopeTau.slopeStandardError) (OLS); ε_n predicts at most −1/2"))
        }
        e.add(Figure("impliedConstant", "smallest C with every deviation ≤ C·b²·√(log(1/δ)/n) on every sample", value: implied, tier: .statistical,
                     role: .impliedConstant, tolerance: .relative(1e-9),
                     note: "δ = \(s.delta), b² = d = \(s.dimension); the max over \(all.count) samples (conservative for the (1 − δ)-quantile)"))
        if s == Setup() { e.plots.append(try plot(ns, gapGamma, gapTau)) }
        e.summary = "The Lemma 2.3 step and the attained bound (23) hold on every sample; 1 − γ_n shrinks with n at a rate near n^{−1/2}."
        return e
    }

    static func plot(_ ns: [Int], _ g: [Double], _ t: [Double]) throws -> Plot {
        let xs = ns.map(Double.init)
        let ref = xs.map { g[0] * ($0 / xs[0]).squareRoot().reciprocal }
        var series = [PlotSeries("mean 1 − γ_n", x: xs, y: g, style: .lineAndMarkers, color: 0)]
        if t.allSatisfy({ $0 > 0 }) { series.append(PlotSeries("mean |τ(G) − τ(K)|", x: xs, y: t, style: .lineAndMarkers, color: 2)) }
        series.append(PlotSeries("∝ n^(−1/2)", x: xs, y: ref, style: .reference, color: 1))
        return Plot(
            key: "deviation-vs-n",
            caption: """
                ReLU sphere features, d = 5, m = 2n: the deviations that ε_n must cover — 1 − γ_n = 1 − inf μ₁ and |τ(G) − τ(K)| — \
                against n on log–log axes, with a dashed n^{−1/2} line through the first point.
                """,
            chart: LinePlot(title: "WU-PD.7: deviations vs n", xAxis: PlotAxis("number of samples n", scale: .log10),
                            yAxis: PlotAxis("deviation (dimensionless)", scale: .log10), series: series))
    }

    // MARK: explicit-constant variant

    struct ExplicitSetup: ClaimSetup {
        var distribution = RandomFeatureDistribution.sphere
        var dimension = 5
        var constant = 1.0
        var delta = 0.1
    }

    static let explicitStatement = Statement(
        """
        On the ReLU sphere instance (b² = d, m = 2n), with C = 1 and δ = 0.1, i.e. ε_n = d·√(ln 10/n): every sample has \
        γ_n ≥ 1 − ε_n, τ(G) ≤ τ(K) + ε_n and μ_min ≥ 1 − τ(K) − 2ε_n (so the three bounds hold for every θ).
        """,
        hypotheses: [Hypothesis("bounded features (unit inputs, weights of norm √d)", field: "distribution")],
        construction: """
            The statement's samples (n up to 400; full: 1600), each with γ_n and τ(G), and μ_min for n ≤ 100 (full: 200); the count of samples violating any of \
            the three inequalities must be 0 (the statement allows a fraction δ; none is seen).
            """,
        setup: ExplicitSetup(), samples: samples, check: explicitCheck,
        controls: [.dropping("distribution", name: "Gaussian inputs", """
            x, w ~ N(0, I_d): b² = d no longer bounds φ², γ_n ≈ 0.07 and γ_n ≥ 1 − ε_n fails from n = 100 on.
            """) { $0.distribution = .gaussian }])

    static func explicitCheck(_ s: ExplicitSetup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let setup = Setup(distribution: s.distribution, dimension: s.dimension)
        let all = try runs(setup, context)
        let tauK = try populationTau(s.dimension)
        var violations = 0, slack = Double.infinity
        for x in all {
            let eps = s.constant * Double(s.dimension) * (-Double.log(s.delta) / Double(x.n)).squareRoot()
            var margins = [x.gamma - (1 - eps), tauK + eps - x.tauG]
            if let mu = x.muMin { margins.append(mu - (1 - tauK - 2 * eps)) }
            if margins.contains(where: { $0 < 0 }) { violations += 1 }
            slack = min(slack, margins.min()!)
        }
        e.add(.count("violations", "samples violating a bound with C = \(s.constant), δ = \(s.delta) (of \(all.count))", violations, requirement: .equals("0"),
                     note: "0: the explicit constant suffices on every sample (the smallest margin, below, is far above rounding)"))
        e.add(Figure("minMargin", "smallest margin over samples and the three bounds", value: slack, tier: .numerical, tolerance: .relative(1e-9),
                     note: "how much room C = 1 leaves"))
        e.summary = "With C = 1 and δ = 0.1 all three bounds hold on every sample."
        return e
    }
}

private extension Double {
    var reciprocal: Double { 1 / self }
}
