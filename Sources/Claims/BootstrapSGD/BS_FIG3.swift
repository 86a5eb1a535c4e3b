import Constructions
import Foundation
import Numerics

/// BS-FIG3 (Figure 3): algorithmic variability and the generalization gap during training.
/// EMPIRICAL on the BS-DLN problem with coupled reruns on the N perturbed sets S^i. The raw trace
/// of V does not track the gap; the exact identity (I) does at every checkpoint, and the
/// Hessian-weighted term of BS-L1-CORR does once the training gradient is small.
enum BS_FIG3 {
    enum Normalization: String, Codable, Sendable {
        case sum = "Σ_i"
        case average = "(1/N)Σ_i"
    }

    enum Assessment: String, Codable, Sendable {
        /// The Hessian-term check at the last checkpoint (training interpolates).
        case final = "last checkpoint"
        /// The same check at t = 41, before interpolation (a control).
        case early = "checkpoint t = 41"
    }

    struct Setup: ClaimSetup {
        var normalization: Normalization = .sum
        var assessAt: Assessment = .final
        var steps = 10_000
        var learningRate = 0.01
        var initialScale = 0.1
    }

    static let samples = [
        SampleCount("seeds", "data seeds (1, 2, …), each with its N = 40 coupled perturbed reruns (the SGD + Reg2 variant: the same seeds, full scale only)", quick: 8, full: 20),
    ]

    static let claim = Claim(
        "BS-FIG3", paper: Papers.bootstrapSGD, location: "§4.1, Figure 3",
        title: "Algorithmic variability and the generalization gap during training: the raw trace does not track the gap; its Hessian-weighted repair does",
        expected: .empirical, tiers: [.statistical], keyFigure: "hessianMinusGapZ",
        errata: [
            """
            [SEED] "the algorithmic variability trace correlates with the generalization gap during training" is not \
            reproduced for the raw trace Tr V: under SGD it grows while the gap rises and then falls (catalog Spearman −0.09 \
            over 40 checkpoints; see spearman[V,gap]). What tracks the gap is the identity (I) at every checkpoint and the \
            Hessian-weighted term of BS-L1-CORR once the training gradient is small; early on the gradient term carries the \
            gap and the Hessian term is ≈ 0 or negative (the Hessian is indefinite near w ≈ 0).
            """,
            """
            [OURS] The SGD + Reg2 variant of the figure costs O(Nd) per step for every one of the 41 coupled runs and is \
            computed at full scale only.
            """,
        ],
        statement: Statement(
            """
            [SEED, paraphrased] The algorithmic variability trace correlates with the generalization gap during training; \
            sharp decreases in variability coincide with improvements. Asserted on our reproduction: (i) identity (I), \
            E[Σ_i(L(S; w_t(S^i)) − L(S; w_t(S)))] = E gap_t, at every checkpoint (99.9%, Bonferroni over 41, Student-t over the seeds); (ii) at the \
            last checkpoint the Hessian term Σ_i ½Δ_iᵀ∇²L(S; w_t)Δ_i equals the gap within the two-sided 99.9% Student-t band, it \
            matches the mean of identity (I)'s per-run term to within 10%, and the gradient term is below 1% of it. Nothing is asserted about the sign or size of the V–gap correlation.
            """,
            form: .empirical,
            hypotheses: [
                Hypothesis("the Hessian term sums over the N replaced indices (BS-L1-CORR)", field: "normalization"),
                Hypothesis("the Hessian-term check is made once training interpolates (small training gradient)", field: "assessAt"),
            ],
            construction: """
                [OURS] The BS-DLN problem (d = 100, N = 40, α = 0.1), plain SGD with η = 0.01, T = 10000. Per data seed: S and \
                the N sets S^i (x_i replaced by a fresh x′_i ~ N(0, I), y′ = x′ᵀθ*, from a separate stream); all 41 runs share \
                the index sequence (coupling). Checkpoints t = 0 and 40 geometrically spaced integers in [10, 10000]. Per \
                checkpoint: gap_t = L(D; θ_t) − L(S; θ_t), V_t = (1/N)Σ_i‖w_t(S^i) − w_t(S)‖², ID_t (identity (I)), \
                HT_t = Σ_i ½Δ_iᵀ∇²_wL(S; w_t)Δ_i with Δᵀ∇²Δ = (1/N)Σ_n[(φ_nᵀΔ)² + 2r_nΣ_k x_nk(Δu_k² − Δv_k²)], \
                φ_n = (2x_n⊙u, −2x_n⊙v), and GT_t = Σ_i∇_wL(S; w_t)ᵀΔ_i.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("normalization", name: "the summary's (1/N)Σ_i in the Hessian term", """
                    Check (ii) must fail by the factor N = 40.
                    """) { $0.normalization = .average },
                .dropping("assessAt", name: "before interpolation (t = 41)", """
                    Apply the Hessian-term-only check where the training gradient is still large: the Hessian term is ≈ 0 \
                    while the gap is large (as BS-L1's ridge control predicts), so check (ii) must fail.
                    """) { $0.assessAt = .early },
            ]))

    static func checkpoints(_ steps: Int) -> [Int] {
        var c = [0]
        for k in 0..<40 {
            let t = Int((10 * pow(Double(steps) / 10, Double(k) / 39)).rounded())
            if t > c.last! { c.append(t) }
        }
        return c
    }

    struct Curves {
        var gap: [Double] = [], v: [Double] = [], id: [Double] = [], ht: [Double] = [], gt: [Double] = [], vTheta: [Double] = []
        /// The third-order part R3 = Σ_i (1/N)Σ_n(a_n b_n + b_n²/2) of the exact expansion of ID (see `seedCurves`).
        var r3: [Double] = []
        /// |ID − (GT + HT_Σ + R3)| / (|ID| + |GT| + |HT_Σ| + |R3|): the expansion is exact, so this is rounding only.
        var expansionResidual: [Double] = []
    }

    /// One data seed: the 41 coupled runs and the per-checkpoint quantities.
    static func seedCurves(_ s: Setup, seed: UInt64, lambda2: Double, times: [Int]) throws -> Curves {
        let data = try SparseRegressionData(seed: seed)
        let n = data.n, d = data.d
        var fresh = SeededGenerator(seed: 50_000 &+ seed)
        let cfg = DiagonalLinearNetwork.Configuration(learningRate: s.learningRate, steps: s.steps, lambda2: lambda2, initialScale: s.initialScale)
        let indices = try DiagonalLinearNetwork.indexStream(n: n, steps: s.steps, seed: DLNExperiment.indexSeed(seed))
        let marks = Set(times)
        func trajectory(_ dd: SparseRegressionData) throws -> [(u: [Double], v: [Double])] {
            var out: [(u: [Double], v: [Double])] = []
            let run = try DiagonalLinearNetwork(data: dd, configuration: cfg).train(indices: indices, checkpoints: marks) { _, u, v in out.append((u, v)) }
            guard run.outcome != .diverged, out.count == times.count else {
                throw NumericsError.invalidArgument(operation: "BS-FIG3", detail: "a coupled run diverged (seed \(seed)); no figure is computed from it")
            }
            return out
        }
        let base = try trajectory(data)
        var perturbed: [[(u: [Double], v: [Double])]] = []
        for i in 0..<n {
            let x = (0..<d).map { _ in fresh.normal() }
            perturbed.append(try trajectory(try data.replacing(i, with: x)))
        }
        var c = Curves()
        let scale = s.normalization == .sum ? 1.0 : 1.0 / Double(n)
        for k in times.indices {
            let u = base[k].u, v = base[k].v
            let theta = (0..<d).map { u[$0] * u[$0] - v[$0] * v[$0] }
            let train = data.trainingLoss(theta)
            c.gap.append(data.testLoss(theta) - train)
            // Residuals and φ_n at w_t(S).
            var r = [Double](repeating: 0, count: n)
            for m in 0..<n { var s = -data.targets[m]; for j in 0..<d { s += data.features[m * d + j] * theta[j] }; r[m] = s }
            // Along w + Δ the residual is exactly r_n + a_n + b_n with a_n = φ_nᵀΔ and b_n = Σ_k x_nk(Δu_k² − Δv_k²),
            // so L(S; w + Δ) − L(S; w) = (1/N)Σ_n[r_n a_n] + (1/N)Σ_n[a_n²/2 + r_n b_n] + (1/N)Σ_n[a_n b_n + b_n²/2]
            // = GT + HT + R3 with no further terms: identity (I)'s ID is the sum of the three.
            var vSum = 0.0, vTheta = 0.0, id = 0.0, ht = 0.0, gt = 0.0, r3 = 0.0
            for i in 0..<n {
                let pu = perturbed[i][k].u, pv = perturbed[i][k].v
                let du = (0..<d).map { pu[$0] - u[$0] }, dv = (0..<d).map { pv[$0] - v[$0] }
                let thetaI = (0..<d).map { pu[$0] * pu[$0] - pv[$0] * pv[$0] }
                for j in 0..<d { vSum += du[j] * du[j] + dv[j] * dv[j]; vTheta += (thetaI[j] - theta[j]) * (thetaI[j] - theta[j]) }
                id += data.trainingLoss(thetaI) - train
                var quad = 0.0, lin = 0.0, cubic = 0.0
                for m in 0..<n {
                    var phi = 0.0, curv = 0.0
                    for j in 0..<d {
                        let x = data.features[m * d + j]
                        phi += 2 * x * (u[j] * du[j] - v[j] * dv[j])
                        curv += x * (du[j] * du[j] - dv[j] * dv[j])
                    }
                    quad += 0.5 * (phi * phi + 2 * r[m] * curv)
                    lin += r[m] * phi
                    cubic += phi * curv + 0.5 * curv * curv
                }
                ht += quad / Double(n)
                gt += lin / Double(n)
                r3 += cubic / Double(n)
            }
            c.v.append(vSum / Double(n)); c.vTheta.append(vTheta / Double(n)); c.id.append(id); c.ht.append(ht * scale); c.gt.append(gt)
            c.r3.append(r3)
            c.expansionResidual.append(abs(id - (gt + ht + r3)) / max(abs(id) + abs(gt) + abs(ht) + abs(r3), .leastNormalMagnitude))
        }
        return c
    }

    static func meanSE(_ xs: [Double]) throws -> (mean: Double, se: Double) {
        var w = Welford<Double>()
        for x in xs { try w.add(x) }
        return (w.mean, try w.standardError())
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let times = checkpoints(s.steps)
        let n = try context.count("seeds")
        let curves = try (1...n).map { try seedCurves(s, seed: UInt64($0), lambda2: 0, times: times) }
        // Student's t with n − 1 degrees of freedom: the standard errors come from n seeds.
        let z41 = try RankTests.studentTQuantile(1 - 0.0005 / Double(times.count), degreesOfFreedom: n - 1)
        let t1 = try RankTests.studentTQuantile(1 - 0.0005, degreesOfFreedom: n - 1)
        var worstID = 0.0
        var mean = Curves(), se = Curves()
        for k in times.indices {
            let diff = try meanSE(curves.map { $0.id[k] - $0.gap[k] })
            worstID = max(worstID, abs(BS_IDEAL.zScore(diff)))
            for (path, key) in [(\Curves.gap, "gap"), (\Curves.v, "v"), (\Curves.id, "id"), (\Curves.ht, "ht"), (\Curves.gt, "gt"), (\Curves.vTheta, "vTheta"),
                                (\Curves.r3, "r3")] as [(WritableKeyPath<Curves, [Double]>, String)] {
                let m = try meanSE(curves.map { $0[keyPath: path][k] })
                mean[keyPath: path].append(m.mean); se[keyPath: path].append(m.se)
                _ = key
            }
        }
        e.add(Figure("identityMaxZ", "(i) max over \(times.count) checkpoints of |mean(ID_t − gap_t)| / se", value: worstID, tier: .statistical,
                     requirement: .atMost(z41), tolerance: .relative(1e-6),
                     note: "≤ the Student-t quantile t_{n−1}(1 − 0.0005/\(times.count)) = \(z41) (99.9%, Bonferroni over the checkpoints; \(n) seeds) (catalog: max |z| 1.11 at 20 seeds)"))
        let k = s.assessAt == .final ? times.count - 1 : times.firstIndex { $0 >= 41 }!
        let hd = try meanSE(curves.map { $0.ht[k] - $0.gap[k] })
        e.add(Figure("hessianMinusGapZ", "(ii) |mean(HT − gap)| / se at t = \(times[k])", value: abs(BS_IDEAL.zScore(hd)), tier: .statistical,
                     requirement: .atMost(t1), tolerance: .relative(1e-6),
                     note: "≤ t_{n−1}(0.9995) = \(t1) (99.9%, \(n) seeds); mean HT \(mean.ht[k]), mean gap \(mean.gap[k]), mean ID \(mean.id[k]) (catalog at T: HT 0.372, gap 0.360, ID 0.354)"))
        // The paired z-test above has little power: per seed the gap scatters far more than the Hessian term does
        // (at 8 seeds its 99.9% band is wider than the gap itself, so even HT/N would pass it). Identity (I) gives a
        // per-run counterpart of the gap with the same expectation (check (i)), and ID = GT + HT + R3 exactly, so
        // comparing HT with ID isolates what the repaired lemma neglects (GT and the third-order part R3).
        let htVsID = abs(mean.ht[k] - mean.id[k]) / abs(mean.id[k])
        e.add(Figure("hessianVsIdentity", "(ii) |mean HT − mean ID| / |mean ID| at t = \(times[k])", value: htVsID, tier: .statistical,
                     requirement: .atMost(0.1), tolerance: .relative(1e-6),
                     note: """
                        ≤ 0.1: the Hessian term carries identity (I)'s value (whose expectation is the gap) to within 10%. What it \
                        neglects is GT + R3 (mean GT \(mean.gt[k]), mean R3 \(mean.r3[k])); the threshold separates the two failure \
                        modes by an order of magnitude — the summary's (1/N)Σ_i gives 1 − 1/N = 0.975, a checkpoint before \
                        interpolation gives about 1 (HT ≈ 0) — and sits twice above the observed third-order part (catalog HT/ID = 1.049)
                        """))
        e.add(Figure("expansionResidualMax", "max over seeds and checkpoints of |ID − (GT + HT + R3)| / (|ID| + |GT| + |HT| + |R3|)",
                     value: curves.flatMap(\.expansionResidual).max() ?? 0, tier: .numerical, tolerance: .absolute(1e-9),
                     note: "reported: the quartic expansion of the DLN loss along Δ is exact, so this is rounding (a wrong HT or GT formula would show here)"))
        let gtRatio = abs(mean.gt[k]) / abs(mean.ht[k])
        e.add(Figure("gradientOverHessian", "(ii) |mean GT| / |mean HT| at t = \(times[k])", value: gtRatio, tier: .statistical, requirement: .lessThan(0.01),
                     tolerance: .relative(1e-3), note: "< 0.01: the gradient term is negligible once training interpolates (catalog 1.5·10⁻⁴)"))
        // Correlations over the mean curves, t ≥ 1.
        let tail = Array(1..<times.count)
        for (label, key, ys) in [("V", "V", mean.v), ("V in θ", "Vtheta", mean.vTheta), ("HT", "HT", mean.ht), ("ID", "ID", mean.id)] {
            let x = tail.map { ys[$0] }, g = tail.map { mean.gap[$0] }
            let rho = try RankTests.spearman(x, g)
            let p = try RankTests.spearmanPermutationPValue(x, g, permutations: 10_000, seed: 3)
            e.add(Figure("spearman[\(key),gap]", "Spearman ρ of mean \(label) against mean gap over checkpoints t ≥ 1", value: rho, tier: .statistical,
                         tolerance: .absolute(1e-9), note: "two-sided permutation p = \(p) (10⁴ permutations; descriptive only: the permutation null treats the checkpoints as exchangeable, but both curves are smooth, autocorrelated time courses, so this p overstates the evidence); catalog (20 seeds): V −0.094, V^θ +0.311, HT +0.402, ID +0.934"))
        }
        let last = times.count - 1
        e.add(Figure("finalV", "mean V at T", value: mean.v[last], tier: .statistical, tolerance: .relative(1e-6), note: "catalog 0.1384; V rises monotonically under SGD"))
        e.add(Figure("finalGap", "mean gap at T", value: mean.gap[last], tier: .statistical, tolerance: .relative(1e-6), note: "± \(se.gap[last]) (catalog 0.360 ± 0.070)"))
        let reg2 = context.scale == .full ? n : 0
        var reg2Mean: Curves?
        if reg2 > 0 {
            let rc = try (1...reg2).map { try seedCurves(s, seed: UInt64($0), lambda2: 0.02, times: times) }
            var m = Curves()
            for k in times.indices {
                m.gap.append(rc.map { $0.gap[k] }.reduce(0, +) / Double(reg2)); m.v.append(rc.map { $0.v[k] }.reduce(0, +) / Double(reg2))
                m.ht.append(rc.map { $0.ht[k] }.reduce(0, +) / Double(reg2)); m.id.append(rc.map { $0.id[k] }.reduce(0, +) / Double(reg2))
            }
            e.add(Figure("reg2FinalGap", "SGD + Reg2: mean gap at T", value: m.gap[last], tier: .statistical, tolerance: .relative(1e-6), note: "catalog 0.143"))
            e.add(Figure("reg2FinalV", "SGD + Reg2: mean V at T", value: m.v[last], tier: .statistical, tolerance: .relative(1e-6), note: "catalog 0.1159"))
            reg2Mean = m
        }
        if s == Setup() {
            let x = tail.map { Double(times[$0]) }
            var series = [
                PlotSeries("gap", x: x, y: tail.map { mean.gap[$0] }, style: .lineAndMarkers, color: 0),
                PlotSeries("Tr V (raw variability, w)", x: x, y: tail.map { mean.v[$0] }, style: .lineAndMarkers, color: 1),
                PlotSeries("HT: Hessian term Σ_i ½ΔᵀHΔ", x: x, y: tail.map { mean.ht[$0] }, style: .lineAndMarkers, color: 2),
                PlotSeries("GT: gradient term", x: x, y: tail.map { mean.gt[$0] }, style: .line, color: 3),
                PlotSeries("ID: identity (I)", x: x, y: tail.map { mean.id[$0] }, style: .reference, color: 4),
            ]
            if let m = reg2Mean {
                series.append(PlotSeries("gap, SGD + Reg2", x: x, y: tail.map { m.gap[$0] }, style: .reference, color: 5))
                series.append(PlotSeries("Tr V, SGD + Reg2", x: x, y: tail.map { m.v[$0] }, style: .reference, color: 6))
            }
            e.plots.append(Plot(
                key: "variability-and-gap",
                caption: """
                    Means over \(n) data seeds of the generalization gap, the raw variability trace V and the terms of \
                    BS-L1-CORR along SGD training, against the step (log scale). V rises monotonically while the gap rises and \
                    falls. The identity (I) follows the gap throughout; early on the gradient term carries it and the Hessian \
                    term is ≈ 0 or negative; once training interpolates the Hessian term alone matches the gap.
                    """,
                chart: LinePlot(title: "BS-FIG3: variability and gap during training (DLN)",
                                xAxis: PlotAxis("SGD step t (log scale)", scale: .log10),
                                yAxis: PlotAxis("mean over seeds (loss units; V in squared weight units)"),
                                series: series)))
        }
        e.summary = """
            Identity (I) matches the gap at every checkpoint, and at the end of training the Hessian-weighted term matches \
            it with a negligible gradient term; the raw trace of V does not track the gap.
            """
        return e
    }
}
