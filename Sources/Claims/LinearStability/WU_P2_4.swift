import Constructions
import Numerics

/// WU-P2.4 (Proposition 2.4), refuted as printed in its "μ₁(θ) ≥ 1": for ReLU random features on the sphere with
/// m ≥ n, the infimum of μ₁ over θ is γ = min χ_i/χ̄ (Lemma 2.3, attained because K has full rank), and γ < 1 unless every
/// χ_i is equal — so every sample has a θ with μ₁(θ) < 1. Repaired: μ₁ ≥ γ_n with γ_n → inf χ(x)/χ̄ = 1 (μ₁ ≳ 1).
enum WU_P2_4 {
    struct Setup: ClaimSetup {
        var distribution = RandomFeatureDistribution.sphere
        var dimensions = [3, 5, 10]
        var sizes = [50, 100]
        /// m = featureRatio·n (Proposition D.7 needs m ≥ n).
        var featureRatio = 2
    }

    static let samples = [
        SampleCount("seeds", "independent samples (data and features) per (d, n); the full scale adds n = 200", quick: 4, full: 10),
        SampleCount("repairSeeds", "independent samples per n in the repaired statement's trend test", quick: 6, full: 10),
    ]

    static let claim = Claim(
        "WU-P2.4", paper: Papers.linearStability, location: "§2.2, Proposition 2.4 (proof in App. D.3)",
        title: "ReLU random features on the sphere: \"μ₁(θ) ≥ 1\" fails (inf μ₁ = γ < 1 on every sample); μ > 0; μ₁ ≳ 1 holds",
        expected: .refutedAsStated, tiers: [.exact, .numerical], keyFigure: "minMu1AtCounterexample",
        errata: [
            "\"μ₁(θ) ≥ 1\" is false on every finite sample: with m ≥ n the kernel has full rank, θ = A⁺e_{i*} realizes the residual e_{i*} (i* = argmin χ_i), and μ₁(θ) = γ = min χ_i/χ̄ < 1 unless all χ_i coincide (probability 0). It fails under the for-all-θ reading and also at a fixed θ (for θ = 0 the referee found μ₁ < 1 with probability about 1/2).",
            "The number of features m is absent from the statement, although Proposition D.7, from which it follows, needs m ≥ n.",
            "What Proposition D.7 gives is μ₁ ≥ inf_x χ(x)/χ̄ − ε_n = 1 − ε_n (χ(x) = E κ²(xᵀx′) is constant on the sphere), i.e. μ₁ ≳ 1; the μ part μ ≥ 1 − τ(K) − 2ε_n with 1 − τ(K) ≈ π²/(4d) needs ε_n ≲ 1/d, i.e. n ≳ d⁴ log(1/δ) under D.7's ε_n: the printed d⁵ suffices.",
        ],
        statement: Statement(
            """
            For φ_j(x) = ReLU(w_jᵀx) with w_j i.i.d. uniform on the sphere of radius √d and x uniform on the unit sphere: \
            for δ ∈ (0, 1), if n ≳ d⁵ log(1/δ), then with probability at least 1 − δ, for every θ, μ₁(θ) ≥ 1 and \
            μ(θ) ≳ 1/d.
            """,
            hypotheses: [
                Hypothesis("inputs uniform on the unit sphere, weights uniform on √d·S^{d−1}", field: "distribution"),
                Hypothesis("m ≥ n features (missing in the statement, needed by Prop. D.7; checked)", field: "featureRatio"),
                Hypothesis("n ≳ d⁵ log(1/δ) with an unspecified constant: since γ < 1 with probability one at every n, no choice of the constant excludes the counterexample"),
            ],
            construction: """
                For d ∈ {3, 5, 10}, n ∈ {50, 100} (full scale adds 200), m = 2n and independent seeds: labels y = 0 (θ* = 0), features A (n × m), \
                K = AAᵀ. The counterexample θ = A⁺e_{i*} = Aᵀ(AAᵀ)⁻¹e_{i*} (Cholesky), residuals e = Aθ, and μ₁(θ) from the \
                definition Tr(Σ₁G)/(2L‖G‖_F²) with G and Σ₁ assembled as m × m matrices — an independent route from γ, which \
                comes from the n-space formula. All features are ≥ 0, so every sum has non-negative terms and a first-order \
                relative rounding bound: (2n + 2m² + 16)·ε for μ₁ by the definition; the residual's deviation δ from e_{i*} adds \
                at most ‖δ_{−i*}‖²·max χ/χ̄ / e_{i*}². μ_min = λ_min(n·Diag(K²) − K²)/‖K‖_F² (the infimum of μ over residuals). \
                γ in Float80 on the same Double data against Double within (2m + 3n + 10)·ε·γ.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.sanity(name: "all χ_i equal", """
                The cross-polytope design x_i = ±e_k, w_s = √d·x_s (n = m = 2d) gives K = (1/2)I: every χ_i is equal, γ = 1 and \
                μ₁ ≡ 1, so the same check accepts it — it refutes only because γ < 1 on random samples.
                """) { $0.distribution = .crossPolytope }]),
        repair: .inline(repairStatement))

    struct Instance {
        let d: Int, n: Int, m: Int
        let gamma: Double, tau: Double, muMin: Double, mu1AtCounterexample: Double, tolerance: Double
        let deviation: Double, minEigenRatio: Double
    }

    static func instance(_ rfm: ReLURandomFeatures) throws -> Instance {
        let n = rfm.n, m = rfm.m
        let a = rfm.features(Double.self)
        let align = try KernelAlignment(features: a)
        let iStar = align.argminChi
        // θ = Aᵀ(AAᵀ)⁻¹e_{i*}.
        let target = (0..<n).map { $0 == iStar ? 1.0 : 0 }
        let v = try Cholesky(align.kernel).solve(target)
        var theta = [Double](repeating: 0, count: m)
        for i in 0..<n { for j in 0..<m { theta[j] += a[i, j] * v[i] } }
        let e = try a.applied(to: theta)
        // μ₁ from the definition, in p-space.
        var g = try Matrix<Double>(rows: m, columns: m), s1 = g
        for i in 0..<n {
            let w = e[i] * e[i]
            for j in 0..<m {
                let aj = a[i, j]
                if aj == 0 { continue }
                for k in 0..<m { let t = aj * a[i, k]; g.elements[j * m + k] += t; s1.elements[j * m + k] += w * t }
            }
        }
        g = g.scaled(by: 1 / Double(n)); s1 = s1.scaled(by: 1 / Double(n))
        var trace = 0.0, frob = 0.0
        for j in 0..<(m * m) { trace += s1.elements[j] * g.elements[j]; frob += g.elements[j] * g.elements[j] } // both symmetric
        let twoL = e.reduce(0) { $0 + $1 * $1 } / Double(n)
        let mu1 = trace / (twoL * frob)
        let ratios = align.chiRatios
        let off = (0..<n).filter { $0 != iStar }.reduce(0.0) { $0 + e[$1] * e[$1] }
        let residualShare = off / (e[iStar] * e[iStar]) * ratios.max()!
        let tol = Double(2 * n + 2 * m * m + 16) * Double.ulpOfOne * max(mu1, align.gamma) + residualShare
        let (muMin, eig) = try align.alignmentMinimum(withKernelEigenvalues: true)
        return Instance(d: rfm.d, n: n, m: m, gamma: align.gamma, tau: try align.tau(), muMin: muMin, mu1AtCounterexample: mu1, tolerance: tol,
                        deviation: abs(mu1 - align.gamma), minEigenRatio: eig.min()! / eig.max()!)
    }

    static func samples(_ s: Setup, seeds: Int) throws -> [ReLURandomFeatures] {
        if s.distribution == .crossPolytope {
            return try s.dimensions.map { try ReLURandomFeatures.sample(n: 2 * $0, m: 2 * $0, d: $0, distribution: .crossPolytope, seed: 0) }
        }
        var out: [ReLURandomFeatures] = []
        for d in s.dimensions { for n in s.sizes { for k in 0..<seeds {
            out.append(try ReLURandomFeatures.sample(n: n, m: s.featureRatio * n, d: d, distribution: s.distribution,
                                                     seed: 24_000 + UInt64(d * 10_000 + n * 10 + k)))
        } } }
        return out
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let seeds = try context.count("seeds")
        var scaled = s
        if context.scale == .full && s.distribution != .crossPolytope { scaled.sizes.append(200) }
        let all = try samples(scaled, seeds: seeds)
        let results = try all.map(instance)
        e.add(.count("instancesWithFewerFeaturesThanSamples", "instances with m < n (of \(results.count))", results.filter { $0.m < $0.n }.count,
                     role: .hypothesis, requirement: .equals("0"), note: "0: m ≥ n, as Proposition D.7 requires"))
        let cutoff = 60 * Double(results.map(\.n).max()!) * Double.ulpOfOne
        e.add(Figure("minKernelEigenRatio", "min over instances of λ_min(K)/λ_max(K)", value: results.map(\.minEigenRatio).min()!, tier: .numerical,
                     role: .hypothesis, requirement: .greaterThan(cutoff), tolerance: .relative(1e-6),
                     note: "> 60·n·ε = \(cutoff) (the eigenvalue's absolute error bound relative to λ_max): K has full rank, so e_{i*} is realizable"))
        let cross = results.map { $0.deviation / $0.tolerance }.max()!
        e.add(Figure("counterexampleMatchesGamma", "max over instances of |μ₁(θ) by definition − γ| / derived bound", value: cross, tier: .numerical,
                     role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the definition in p-space and the n-space γ agree (bound: rounding of non-negative sums plus the residual's deviation)"))
        let minMu1 = results.map(\.mu1AtCounterexample).min()!
        let rounding = results.map { $0.tolerance }.max()!
        e.add(Figure("minMu1AtCounterexample", "min over instances of μ₁(θ) at θ = A⁺e_{i*}", value: minMu1, tier: .numerical,
                     requirement: .atLeast(1 - rounding), tolerance: .relative(1e-9),
                     note: "the statement needs ≥ 1 (less the rounding bound \(rounding)); μ₁(θ) = γ < 1 refutes it"))
        e.add(Figure("minMuMin", "min over instances of μ_min = inf_θ μ(θ)", value: results.map(\.muMin).min()!, tier: .numerical,
                     requirement: .greaterThan(0), tolerance: .relative(1e-9),
                     note: "> 0: the μ part (μ ≳ 1/d) holds in its checkable form on every sample (SIM-16: means 0.19–0.37, per-sample minima from 0.18)"))
        e.add(.count("samplesWithMu1BelowOne", "samples with some θ where μ₁(θ) < 1 (of \(results.count))", results.filter { $0.gamma < 1 - $0.tolerance }.count,
                     role: .reported, note: "every random sample (the paper's w.p. ≥ 1 − δ cannot hold for any δ < 1)"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        var worst = 0.0
        for rfm in all where rfm.n == all.map(\.n).min()! {
            let gD = try KernelAlignment(features: rfm.features(Double.self)).gamma
            let gE = try KernelAlignment(features: rfm.features(Float80.self)).gamma
            worst = max(worst, abs(gD - Double(gE)) / (Double(2 * rfm.m + 3 * rfm.n + 10) * Double.ulpOfOne * gD))
        }
        e.add(Figure("precisionAgreement", "max |γ(Double) − γ(Float80)| / ((2m + 3n + 10)·ε·γ)", value: worst, tier: .numerical, role: .crossCheck,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: γ is computed to rounding (non-negative sums)"))
        #endif
        if s.distribution != .crossPolytope {
            for d in scaled.dimensions {
                for n in scaled.sizes {
                    let r = results.filter { $0.d == d && $0.n == n }
                    let k = Double(r.count)
                    e.add(Figure("gammaMean[d=\(d),n=\(n)]", "mean γ, d = \(d), n = \(n), m = \(s.featureRatio * n)", value: r.map(\.gamma).reduce(0, +) / k,
                                 tier: .numerical, tolerance: .relative(1e-9),
                                 note: "min \(r.map(\.gamma).min()!); τ(G) mean \(r.map(\.tau).reduce(0, +) / k); γ − τ mean \(r.map { $0.gamma - $0.tau }.reduce(0, +) / k)"))
                    e.add(Figure("muMinMean[d=\(d),n=\(n)]", "mean μ_min, d = \(d), n = \(n)", value: r.map(\.muMin).reduce(0, +) / k, tier: .numerical,
                                 tolerance: .relative(1e-9), note: "min \(r.map(\.muMin).min()!); compare 1 − τ(K) (WU-KAPPA)"))
                }
            }
        }
        e.summary = "At θ = A⁺e_{i*}, μ₁(θ) = γ on every sample; μ_min > 0."
        return e
    }


    // MARK: repair

    struct RepairSetup: ClaimSetup {
        var distribution = RandomFeatureDistribution.sphere
        var dimension = 5
        var sizes = [50, 200]
        var residualsPerSample = 4
    }

    static let repairStatement = Statement(
        """
        For the same model with m ≥ n: at every θ, μ₁(θ) ≥ γ_n = min_i χ_i/χ̄ (Lemma 2.3), and on the sphere γ_n increases \
        to inf_x χ(x)/χ̄ = 1 as n grows (χ(x) = E κ²(xᵀx′) does not depend on x), so μ₁ ≥ 1 − ε_n with ε_n → 0 — about \
        n^{−1/2}, as Proposition D.7's ε_n = C·b²·√(log(1/δ)/n) says.
        """,
        hypotheses: [Hypothesis("inputs on the unit sphere (bounded features, b² = d, and inf χ(x)/χ̄ = 1)", field: "distribution")],
        construction: """
            d = 5, m = 2n, n ∈ {50, 200} (full scale adds 800), independent samples per n; μ₁ − γ at the residual e_{i*} and at \
            Gaussian residuals (Lemma 2.3's inequality, to within 2(2m + 4n + 16)·ε·μ₁: both sides are built from sums of non-negative terms); γ_n rises: \
            (mean γ at the largest n − mean γ at the smallest n)/se ≥ Φ⁻¹(0.999) = 3.09 (one-sided Welch, 99.9%).
            """,
        setup: RepairSetup(), samples: samples, check: repairCheck,
        controls: [.dropping("distribution", name: "Gaussian inputs", """
            x, w ~ N(0, I_d) (the paper's own experiment): χ(x) ∝ ‖x‖² up to bounded factors, inf χ(x)/χ̄ = 0 and γ_n falls as n \
            grows (SIM-30: 0.082, 0.069, 0.045 at n = 50, 200, 800) — the trend test fails.
            """) { $0.distribution = .gaussian }])

    static func gammas(_ distribution: RandomFeatureDistribution, d: Int, n: Int, seeds: Int) throws -> [(ReLURandomFeatures, KernelAlignment<Double>)] {
        try (0..<seeds).map { k in
            let rfm = try ReLURandomFeatures.sample(n: n, m: 2 * n, d: d, distribution: distribution, seed: 52_000 + UInt64(n * 100 + k))
            return (rfm, try KernelAlignment(features: rfm.features(Double.self)))
        }
    }

    static func repairCheck(_ s: RepairSetup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let seeds = try context.count("repairSeeds")
        var sizes = s.sizes
        if context.scale == .full { sizes.append(800) }
        var worst = 0.0
        var means: [Double] = [], ses: [Double] = []
        var rng = SeededGenerator(seed: 53)
        for n in sizes {
            let runs = try gammas(s.distribution, d: s.dimension, n: n, seeds: seeds)
            var acc = Welford<Double>()
            for (_, align) in runs {
                try acc.add(align.gamma)
                var residuals = [(0..<n).map { $0 == align.argminChi ? 1.0 : 0 }]
                for _ in 0..<s.residualsPerSample { residuals.append((0..<n).map { _ in rng.normal() }) }
                for r in residuals {
                    let (_, mu1, _) = try align.alignment(residuals: r)
                    // K entries: sums of m = 2n non-negative terms; (K²)_ii, Σe_i²(K²)_ii, ‖e‖², ‖K‖_F²: n each — for μ₁ and γ alike.
                    let tol = Double(2 * (2 * 2 * n + 4 * n + 16)) * Double.ulpOfOne * mu1
                    worst = max(worst, (align.gamma - mu1) / tol)
                }
            }
            means.append(acc.mean); ses.append(try acc.standardError())
            e.add(Figure("gammaMean[n=\(n)]", "mean γ_n over \(seeds) samples, d = \(s.dimension), n = \(n)", value: acc.mean, tier: .statistical,
                         tolerance: .relative(1e-9), note: "se \(try acc.standardError()); √n·(1 − γ̄) = \(Double(n).squareRoot() * (1 - acc.mean)) (referee: 4.1–5.2 on the sphere)"))
        }
        e.add(Figure("lemmaViolation", "max over samples and residuals of (γ − μ₁)/rounding bound", value: worst, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: μ₁ ≥ γ at every residual (equality at e_{i*})"))
        let z = (means.last! - means.first!) / (ses.last! * ses.last! + ses.first! * ses.first!).squareRoot()
        let zCrit = try Statistics.normalQuantile(0.999)
        e.add(Figure("gammaIncreaseZ", "(mean γ at n = \(sizes.last!) − at n = \(sizes.first!)) / se", value: z, tier: .statistical,
                     requirement: .atLeast(zCrit), tolerance: .relative(1e-6),
                     note: "≥ Φ⁻¹(0.999) = \(zCrit): γ_n rises toward 1 at 99.9% confidence (\(seeds) samples per n)"))
        if s == RepairSetup() { e.plots.append(try repairPlot(s, seeds: seeds, sizes: sizes)) }
        e.summary = "μ₁ ≥ γ_n at every residual, and γ_n rises with n toward inf χ/χ̄ = 1 on the sphere."
        return e
    }

    static func repairPlot(_ s: RepairSetup, seeds: Int, sizes: [Int]) throws -> Plot {
        var sphere: [(Double, Double)] = [], gauss: [(Double, Double)] = []
        for n in sizes {
            for (_, a) in try gammas(.sphere, d: s.dimension, n: n, seeds: seeds) { sphere.append((Double(n), a.gamma)) }
            for (_, a) in try gammas(.gaussian, d: s.dimension, n: n, seeds: seeds) { gauss.append((Double(n), a.gamma)) }
        }
        let xs = sizes.map(Double.init)
        return Plot(
            key: "gamma-vs-n",
            caption: """
                γ_n = inf_θ μ₁(θ) for each sample (d = 5, m = 2n). On the sphere it stays below 1 (the printed μ₁ ≥ 1 fails) but \
                rises toward 1; with Gaussian inputs it falls toward 0, where Proposition 2.4 does not apply.
                """,
            chart: LinePlot(
                title: "WU-P2.4: γ_n = inf μ₁ vs n",
                xAxis: PlotAxis("number of samples n (m = 2n)", scale: .log10),
                yAxis: PlotAxis("γ_n = min χ_i / mean χ", include: [0, 1.05]),
                series: [
                    PlotSeries("sphere inputs", x: sphere.map(\.0), y: sphere.map(\.1), style: .markers, color: 0),
                    PlotSeries("Gaussian inputs", x: gauss.map(\.0), y: gauss.map(\.1), style: .markers, color: 3),
                    PlotSeries("printed bound μ₁ ≥ 1", x: [xs.first!, xs.last!], y: [1, 1], style: .reference, color: 1),
                ]))
    }
}
