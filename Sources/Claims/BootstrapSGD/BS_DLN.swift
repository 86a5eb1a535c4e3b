import Constructions
import Foundation
import Numerics

/// BS-DLN (§4.1): Reg1/Reg2 on sparse regression with a diagonal linear network. EMPIRICAL — our
/// small-scale reproduction (the source gives no sizes): both regularizers and their mixtures beat
/// plain SGD by a wide margin; the source's "optimal λ₁/λ₂ ≈ 0.5" is not what the data show (at equal
/// total strength the test loss falls monotonically with the Reg2 share).
enum BS_DLN {
    /// A split of the total strength Λ: ratio r = λ₁/λ₂ (nil: Reg1 only, "λ₂ = 0").
    struct Family: Codable, Equatable, Sendable {
        var label: String
        var ratio: Double?
        func lambdas(_ total: Double) -> (l1: Double, l2: Double) {
            guard let r = ratio else { return (total, 0) }
            return (total * r / (1 + r), total / (1 + r))
        }
    }

    static let reg2Only = Family(label: "r=0", ratio: 0)
    static let half = Family(label: "r=1/2", ratio: 0.5)
    static let reg1Only = Family(label: "r=inf", ratio: nil)

    struct Setup: ClaimSetup {
        /// Λ = λ₁ + λ₂ at which the families are compared (held-out seeds).
        var totalStrength = 0.03
        var families = [reg2Only, half, reg1Only]
        var learningRate = 0.01
        var steps = 20_000
        var initialScale = 0.1
        var firstSeed: UInt64 = 101
        /// The λ-grid drawn in the plot (main setup only).
        var gridStrengths = [0.01, 0.02, 0.03, 0.04, 0.05]
    }

    static let samples = [
        SampleCount("heldOutSeeds", "held-out data seeds (101, 102, …) per family at the compared strength", quick: 12, full: 40),
        SampleCount("gridSeeds", "data seeds (1, 2, …) per point of the λ-grid plot", quick: 1, full: 20),
    ]

    static let claim = Claim(
        "BS-DLN", paper: Papers.bootstrapSGD, location: "§4.1, sparse regression with a diagonal linear network",
        title: "Reg1/Reg2 improve a diagonal linear network on sparse regression (the \"optimal λ₁/λ₂ ≈ 0.5\" is not reproduced)",
        expected: .empirical, tiers: [.statistical], keyFigure: "wilcoxonP[r=1/2,vs,r=inf]",
        errata: [
            """
            [SEED] reports an optimal ratio λ₁/λ₂ ≈ 0.5 and that both components are needed. Not reproduced here: at equal \
            total strength Λ the mean test loss decreases monotonically with the Reg2 share, and Reg2 alone is best (see the \
            family means and the λ-grid plot). The paired comparison r = 1/2 against Reg1 alone (the source's "λ₂ = 0") \
            does favour r = 1/2, as asserted below, but r = 0 (Reg2 alone) beats r = 1/2 as well.
            """,
            """
            [SEED]'s "14% reduction at λ₁/λ₂ = 0.5 against λ₂ = 0" has no fixed meaning in this problem: the reduction \
            depends on Λ (catalog: 28% [12%, 44%] at Λ = 0.03, 5.5% at the edge-of-collapse Λ = 0.0525); the value at \
            Λ = 0.03 is reported with its paired bootstrap interval.
            """,
            """
            [OURS] d = 100, k = 5, N = 40, noiseless y = xᵀθ*, x ~ N(0, I), u₀ = v₀ = 0.1·1, η = 0.01, T = 20000, B = 1 \
            (the source gives none of these). Reg2 uses the same index as the loss step.
            """,
            """
            [OURS] The catalog's second control for this entry (excessive strength Λ = 0.075: runs collapse to θ ≈ 0) is \
            the asserted finding of BS-LR (its check (i)) and is run there rather than here, to keep the gate within its \
            time budget (every regularized run costs about 80 ms).
            """,
        ],
        statement: Statement(
            """
            [SEED, paraphrased] Adding Reg1 and Reg2 to SGD on a diagonal linear network improves test loss on sparse \
            regression, with the best results at λ₁/λ₂ ≈ 0.5 and a 14% reduction there against Reg1 alone. Asserted, as \
            regression checks of our reproduction at Λ = λ₁ + λ₂ = 0.03 on held-out seeds: (A1) each family beats plain SGD \
            (one-sided exact Wilcoxon p < 0.001 and wins in at least 77.5% of seeds); (A2) r = 1/2 beats Reg1 alone \
            (one-sided Wilcoxon p < 0.01, i.e. at 99%); (A3) no run diverges or fails to interpolate.
            """,
            form: .empirical,
            hypotheses: [
                Hypothesis("the regularizers are switched on at total strength Λ = 0.03 (moderate: below the collapse edge ≈ 0.055)", field: "totalStrength"),
                Hypothesis("paired runs: the same data and index stream for every family of a seed"),
            ],
            construction: """
                [OURS] Data seed s: X (N = 40, d = 100) with N(0, 1) entries, θ* = (1,1,1,1,1,0,…,0), y = Xθ*. Network \
                θ = u⊙u − v⊙v from u = v = 0.1·1; SGD with batch 1 on ½(x_jᵀθ − y_j)² + λ₁Γ(w) + λ₂‖g_j − ḡ‖² \
                (closed-form gradients), η = 0.01, T = 20000, index stream seeded by s (shared by every family: paired). \
                Test loss ½‖θ − θ*‖² (closed form). Families at Λ: r = λ₁/λ₂ ∈ {0 (Reg2 only), 1/2, ∞ (Reg1 only)}. \
                Diverged: non-finite or |w| > 10³ at a check every 500 steps (reported as divergence, never as a number); \
                non-interpolating: final training loss ≥ 10⁻².
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("totalStrength", name: "regularizers off (λ₁ = λ₂ = 0)", """
                    Every family becomes plain SGD on the same indices (bitwise the same runs): no family can win, so A1 \
                    and A2 must fail.
                    """) { $0.totalStrength = 0 },
            ]))

    static func configuration(_ s: Setup, _ total: Double, _ f: Family?) -> DiagonalLinearNetwork.Configuration {
        let l = f?.lambdas(total) ?? (l1: 0, l2: 0)
        return DiagonalLinearNetwork.Configuration(learningRate: s.learningRate, steps: s.steps, lambda1: l.l1, lambda2: l.l2, initialScale: s.initialScale)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let n = try context.count("heldOutSeeds")
        let seeds = (0..<n).map { s.firstSeed + UInt64($0) }
        let plain = try seeds.map { try DLNExperiment.run(seed: $0, configuration: configuration(s, 0, nil)) }
        let plainLoss = plain.compactMap(\.testLoss)
        let ps = try DLNExperiment.summary(plainLoss)
        e.add(Figure("meanTest[plain]", "plain SGD: mean test loss", value: ps.mean, tier: .statistical, tolerance: .relative(1e-6),
                     note: "95% half-width \(ps.halfWidth), median \(ps.median), \(plain.filter(\.failed).count) failed of \(n) (catalog, 40 seeds: 0.3435 ± 0.0694, median 0.3007)"))
        var runs: [String: [DLNExperiment.Outcome]] = [:]
        var failures = 0
        let winsNeeded = Int((0.775 * Double(n)).rounded(.up))
        for f in s.families {
            let r = try seeds.map { try DLNExperiment.run(seed: $0, configuration: configuration(s, s.totalStrength, f)) }
            runs[f.label] = r
            failures += r.filter(\.failed).count
            let finite = r.compactMap(\.testLoss)
            let sm = try DLNExperiment.summary(finite)
            e.add(Figure("meanTest[\(f.label)]", "\(f.label): mean test loss at Λ = \(s.totalStrength)", value: sm.mean, tier: .statistical, tolerance: .relative(1e-6),
                         note: "95% half-width \(sm.halfWidth), median \(sm.median); \(r.filter { $0.run == .diverged }.count) diverged, \(r.filter { $0.run == .nonInterpolating }.count) non-interpolating"))
            let diffs = DLNExperiment.pairedDifferences(baseline: plain, method: r)
            let w = try RankTests.wilcoxonSignedRank(diffs)
            let wins = diffs.filter { $0 > 0 }.count
            e.add(Figure("wilcoxonP[\(f.label),vs,plain]", "A1: one-sided exact Wilcoxon p, \(f.label) better than plain SGD", value: w.pValue, tier: .statistical,
                         requirement: .lessThan(0.001), tolerance: .relative(1e-6), note: "< 0.001 (99.9%); \(wins) wins of \(n) (catalog, 40 seeds: 39–40 wins, p ≤ 1.6·10⁻⁸)"))
            e.add(Figure("wins[\(f.label),vs,plain]", "A1: seeds where \(f.label) beats plain SGD", value: Double(wins), exact: String(wins), tier: .statistical,
                         requirement: .atLeast(Double(winsNeeded)), tolerance: .exact, note: "≥ \(winsNeeded) = ⌈0.775·\(n)⌉ (the catalog's 31 of 40, scaled); a failed run counts as a loss"))
        }
        e.add(Figure("failedRuns", "A3: diverged or non-interpolating runs over every family", value: Double(failures), exact: String(failures), tier: .statistical,
                     requirement: .equals("0"), tolerance: .exact, note: "0 at Λ = 0.03 (catalog: none of the 40 runs of any family)"))
        if let a = runs[half.label], let b = runs[reg1Only.label] {
            let diffs = DLNExperiment.pairedDifferences(baseline: b, method: a)
            let w = try RankTests.wilcoxonSignedRank(diffs)
            let wins = diffs.filter { $0 > 0 }.count
            e.add(Figure("wilcoxonP[r=1/2,vs,r=inf]", "A2: one-sided exact Wilcoxon p, r = 1/2 better than Reg1 alone", value: w.pValue, tier: .statistical,
                         requirement: .lessThan(0.01), tolerance: .relative(1e-6),
                         note: "< 0.01: asserted at 99% (one-sided); with 12 seeds (quick) the data reach about p = 0.003, so the catalog's 99.9% is not claimed at that count (catalog, 40 seeds: 2.8·10⁻⁷)"))
            let sign = try RankTests.signTestPValue(wins: wins, trials: n)
            e.add(Figure("signP[r=1/2,vs,r=inf]", "one-sided exact sign test p, r = 1/2 against Reg1 alone (\(wins) wins of \(n))", value: sign, tier: .statistical,
                         tolerance: .relative(1e-6), note: "reported, not asserted: the catalog's backup sign test at 99% (34 of 40 wins there) is not reached at every sample count; the Wilcoxon test uses the sizes of the differences as well"))
            let la = a.compactMap(\.testLoss), lb = b.compactMap(\.testLoss)
            if la.count == n && lb.count == n {
                let red = try DLNExperiment.relativeReductionInterval(baseline: lb, method: la, resamples: 10_000, seed: 5)
                e.add(Figure("relativeReduction[r=1/2,vs,r=inf]", "1 − mean(r = 1/2)/mean(Reg1 alone)", value: red.estimate, tier: .statistical, tolerance: .relative(1e-6),
                             note: "95% paired bootstrap [\(red.lower), \(red.upper)] (10⁴ resamples); [SEED] 14%; catalog 28.3% [11.6%, 43.7%] at 40 seeds"))
            }
        }
        if let a = runs[reg2Only.label], let b = runs[half.label] {
            let diffs = DLNExperiment.pairedDifferences(baseline: b, method: a)
            let w = try RankTests.wilcoxonSignedRank(diffs)
            e.add(Figure("wilcoxonP[r=0,vs,r=1/2]", "one-sided exact Wilcoxon p, Reg2 alone better than r = 1/2", value: w.pValue, tier: .statistical, tolerance: .relative(1e-6),
                         note: "reported: \(diffs.filter { $0 > 0 }.count) wins of \(n) (catalog: 38 of 40); a small p contradicts \"optimal ratio ≈ 0.5\""))
        }
        if s == Setup() { e.plots.append(try gridPlot(s, context, plain: ps.mean)) }
        e.summary = """
            At Λ = 0.03 every family beats plain SGD on nearly every held-out seed and r = 1/2 beats Reg1 alone, with no \
            failed run; Reg2 alone is better still, so the source's optimum at λ₁/λ₂ ≈ 0.5 is not reproduced.
            """
        return e
    }

    static func gridPlot(_ s: Setup, _ context: CheckContext, plain: Double) throws -> Plot {
        let k = try context.count("gridSeeds")
        var series: [PlotSeries] = []
        var curves: [String: [Double]] = [:]
        for (c, f) in s.families.enumerated() {
            var ys: [Double] = []
            for total in s.gridStrengths {
                let r = try (1...k).map { try DLNExperiment.run(seed: UInt64($0), configuration: configuration(s, total, f)) }
                // A failed run (collapsed to θ ≈ 0, or diverged) enters with the test loss of θ = 0, ½‖θ*‖² = 2.5.
                ys.append(r.map { $0.failed ? 2.5 : $0.testLoss! }.reduce(0, +) / Double(k))
            }
            curves[f.label] = ys
            series.append(PlotSeries("\(f.label == "r=inf" ? "Reg1 only (r = ∞)" : f.label == "r=0" ? "Reg2 only (r = 0)" : "r = λ₁/λ₂ = 1/2")", x: s.gridStrengths, y: ys, style: .lineAndMarkers, color: c))
        }
        let plainGrid = try (1...k).map { try DLNExperiment.run(seed: UInt64($0), configuration: configuration(s, 0, nil)).testLoss ?? 2.5 }.reduce(0, +) / Double(k)
        // The caption states what these seeds show, not the catalog's 20-seed finding.
        var ordered = 0
        if let a = curves[reg2Only.label], let b = curves[half.label], let c = curves[reg1Only.label] {
            ordered = s.gridStrengths.indices.filter { a[$0] < b[$0] && b[$0] < c[$0] }.count
        }
        series.append(PlotSeries("plain SGD (same seeds)", x: s.gridStrengths, y: s.gridStrengths.map { _ in plainGrid }, style: .reference, color: 6))
        return Plot(
            key: "lambda-grid",
            caption: """
                Mean test loss ½‖θ − θ*‖² over data seeds 1–\(k) against the total strength Λ = λ₁ + λ₂ for three splits \
                (a failed run counts as 2.5, the loss of θ = 0). On \(k == 1 ? "this seed" : "these \(k) seeds") the order Reg2 only < \
                r = 1/2 < Reg1 only holds at \(ordered) of the \(s.gridStrengths.count) strengths drawn (catalog, 20 seeds: at every Λ \
                below the collapse edge Λ ≈ 0.055, beyond which runs start to collapse to θ ≈ 0).
                """,
            chart: LinePlot(
                title: "BS-DLN: test loss against regularization strength (d = 100, N = 40, k = 5)",
                xAxis: PlotAxis("total strength Λ = λ₁ + λ₂ (dimensionless)"),
                yAxis: PlotAxis("mean test loss ½‖θ − θ*‖² (log scale)", scale: .log10),
                series: series))
    }
}
