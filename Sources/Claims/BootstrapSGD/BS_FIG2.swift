import Constructions
import Foundation
import Numerics

/// BS-FIG2 (Figure 2): SGD spends its time where the gradient covariance trace is small. EMPIRICAL
/// on the BS-IDEAL construction: over the second half of training SGD sits at the true minimum
/// (trace ≈ Γ(θ_T)) while GD and constant-noise NoisyGD sit in the spurious basin.
enum BS_FIG2 {
    enum Noise: String, Codable, Sendable {
        /// SGD's own minibatch noise (data-dependent).
        case minibatch = "SGD minibatch noise"
        /// NoisyGD with the constant τ_F = Tr Σ_S^1(θ_F) instead (data-independent; a control).
        case constant = "constant Gaussian noise τ_F"
    }

    struct Setup: ClaimSetup {
        var landscape = SpuriousMinimumLandscape()
        var noise: Noise = .minibatch
        var learningRate = 0.05
    }

    static let samples = [
        SampleCount("runs", "runs per method", quick: 100, full: 1000),
        SampleCount("steps", "steps T per run (statistics over t ≥ T/2)", quick: 5000, full: 20_000),
    ]

    static let claim = Claim(
        "BS-FIG2", paper: Papers.bootstrapSGD, location: "§2.4, Figure 2",
        title: "SGD spends its time where Tr Σ_S^B is small; GD and constant-noise NoisyGD do not (BS-IDEAL construction)",
        expected: .empirical, tiers: [.statistical], keyFigure: "sgdTimeSpurious",
        errata: [
            """
            [SEED] describes the figure only in words; the construction, noise levels and run counts are [OURS] (BS-IDEAL). \
            The time-averaged trace is Tr Σ_S^B(θ_t) = Γ(θ_t)/B averaged over t ≥ T/2 and over runs.
            """,
        ],
        statement: Statement(
            """
            [SEED, paraphrased] In the idealized experiment SGD spends most of its time in regions with a small gradient \
            covariance trace and avoids the spurious minimum. Asserted on our construction (θ₀ ~ U(2, 6)): the method's \
            time-averaged Tr Σ_S^B over the second half is below GD's and below NoisyGD's at τ_avg, τ_F and τ_init \
            (paired, 99.9%, Bonferroni over 4), and it spends less than 5% of that time in the spurious basin.
            """,
            form: .empirical,
            hypotheses: [
                Hypothesis("the method's noise is SGD's own minibatch noise (data-dependent)", field: "noise"),
                Hypothesis("per-sample gradients disagree at the spurious minimum (ρ = 20)", field: "landscape"),
            ],
            construction: """
                [OURS] The BS-IDEAL landscape and methods (η = 0.05, B = 1); per run the fraction of steps t ≥ T/2 with θ_t \
                beyond the barrier and the mean of Tr Σ_S^1(θ_t) over those steps (for NoisyGD the trace SGD would have at \
                its iterates). The occupancy of the spurious basin over time is recorded at 21 times for the plot.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("noise", name: "data-independent noise (NoisyGD at τ_F)", """
                    Replace SGD's noise by constant Gaussian noise of SGD's level at the spurious minimum: the method stays \
                    in the spurious basin (catalog 0.996 of the time) and the occupancy check must fail.
                    """) { $0.noise = .constant },
                .dropping("landscape", name: "no gradient disagreement (ρ = 0)", """
                    All training values equal: the trace is identically 0, SGD is GD, and "below GD's trace" and the \
                    occupancy check must fail.
                    """) { $0.landscape.spread = 0 },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let land = s.landscape
        let cp = try land.criticalPoints()
        let r = try context.count("runs"), steps = try context.count("steps")
        let times = [0, 1] + (1...20).map { min($0 * steps / 20, steps - 1) }
        let starts = IdealisedExperiment.starts(count: r, lower: 2, upper: 6)
        func run(_ m: LandscapeOptimizer, _ seed: UInt64) throws -> IdealisedExperiment.Runs {
            try IdealisedExperiment.run(m, land, starts: starts, learningRate: s.learningRate, steps: steps, barrier: cp.barrier, times: times, streamSeed: seed)
        }
        let tauF = land.gradientVariance(cp.spuriousMinimum)
        let sgd = try run(.sgd(batch: 1), 1002)
        let method = s.noise == .minibatch ? sgd : try run(.noisyGD(tau: tauF), 1003)
        let tauAvg = sgd.trajectories.map(\.meanTrace).reduce(0, +) / Double(r)
        let tauInit = sgd.trajectories.map { land.gradientVariance($0.thetaAt[1]) }.reduce(0, +) / Double(r)
        let others: [(String, String, IdealisedExperiment.Runs)] = [
            ("GD", "gd", try run(.gradientDescent, 1001)),
            ("NoisyGD τ_avg", "tauAvg", try run(.noisyGD(tau: tauAvg), 1003)),
            ("NoisyGD τ_F", "tauF", try run(.noisyGD(tau: tauF), 1003)),
            ("NoisyGD τ_init", "tauInit", try run(.noisyGD(tau: tauInit), 1003)),
        ]
        let z = try Statistics.normalQuantile(1 - 0.0005 / Double(others.count))
        let mTrace = method.trajectories.map(\.meanTrace)
        let occupancy = method.trajectories.map(\.spuriousFraction).reduce(0, +) / Double(r)
        e.add(Figure("sgdTimeSpurious", "fraction of steps t ≥ T/2 the method spends in the spurious basin (mean over runs)", value: occupancy,
                     tier: .statistical, requirement: .lessThan(0.05), tolerance: .absolute(1e-9),
                     note: "< 0.05 (catalog: SGD 0.000; GD 1.000; NoisyGD τ_F 0.996, τ_init 0.663); \(r) runs"))
        e.add(Figure("sgdMeanTrace", "the method's time-averaged Tr Σ_S^B over t ≥ T/2", value: mTrace.reduce(0, +) / Double(r), tier: .statistical,
                     tolerance: .relative(1e-6), note: "catalog: SGD 0.0007 ≈ Γ(θ_T) = \(land.gradientVariance(cp.trueMinimum))"))
        var worst = Double.infinity
        for (label, key, runs) in others {
            let d = try IdealisedExperiment.pairedDifference(runs.trajectories.map(\.meanTrace), mTrace)
            let zs = BS_IDEAL.zScore(d)
            worst = min(worst, zs)
            e.add(Figure("meanTrace[\(key)]", "\(label): time-averaged Tr Σ_S^1 over t ≥ T/2", value: runs.trajectories.map(\.meanTrace).reduce(0, +) / Double(r),
                         tier: .statistical, tolerance: .relative(1e-6),
                         note: "time in the spurious basin \(runs.trajectories.map(\.spuriousFraction).reduce(0, +) / Double(r)); z against the method \(zs)"))
        }
        e.add(Figure("traceGapMinZ", "min over the 4 comparisons of (other's mean trace − method's) / se (paired)", value: worst, tier: .statistical,
                     requirement: .atLeast(z), tolerance: .relative(1e-6), note: "≥ Φ⁻¹(1 − 0.0005/4) = \(z): the method's trace is the smallest at 99.9% family confidence"))
        if s == Setup() {
            let x = times.map(Double.init)
            func occ(_ runs: IdealisedExperiment.Runs) -> [Double] {
                times.indices.map { k in Double(runs.trajectories.filter { $0.thetaAt[k] > cp.barrier }.count) / Double(r) }
            }
            func trace(_ runs: IdealisedExperiment.Runs) -> [Double] {
                times.indices.map { k in max(runs.trajectories.map { land.gradientVariance($0.thetaAt[k]) }.reduce(0, +) / Double(r), 1e-6) }
            }
            let series = [("SGD (B = 1)", sgd, 2)] + others.map { ($0.0, $0.2, $0.0 == "GD" ? 1 : $0.1 == "tauAvg" ? 5 : $0.1 == "tauF" ? 0 : 3) }
            e.plots.append(Plot(
                key: "basin-occupancy",
                caption: """
                    Fraction of the \(r) runs in the spurious basin (θ > θ_B) over training, all started inside it \
                    (θ₀ ~ U(2, 6)). SGD leaves within a few thousand steps; GD and NoisyGD at constant noise stay.
                    """,
                chart: LinePlot(title: "BS-FIG2: occupancy of the spurious basin", xAxis: PlotAxis("step t"),
                                yAxis: PlotAxis("fraction of runs with θ_t > θ_B", include: [0, 1]),
                                series: series.map { PlotSeries($0.0, x: x, y: occ($0.1), style: .lineAndMarkers, color: $0.2) })))
            e.plots.append(Plot(
                key: "trace-over-time",
                caption: """
                    Mean over runs of Tr Σ_S^1(θ_t) = Γ(θ_t), the minibatch gradient covariance trace at the current iterate \
                    (log scale, floored at 10⁻⁶ for display). SGD drives it down to Γ(θ_T) ≈ 7·10⁻⁴; the others keep it near \
                    Γ(θ_F) ≈ 9.46.
                    """,
                chart: LinePlot(title: "BS-FIG2: gradient covariance trace along the runs", xAxis: PlotAxis("step t"),
                                yAxis: PlotAxis("mean Tr Σ_S^1(θ_t) (squared gradient units, log scale)", scale: .log10),
                                series: series.map { PlotSeries($0.0, x: x, y: trace($0.1), style: .lineAndMarkers, color: $0.2) })))
        }
        e.summary = "SGD spends the second half of training at the true minimum where the trace is ≈ Γ(θ_T); every other method stays where it is ≈ Γ(θ_F)."
        return e
    }
}
