import Constructions
import Foundation
import Numerics

/// WU-FIG4 (Figure 4) and, through `Finder.sgd`, WU-FIG9's substitute: SGD escapes from a sharp minimum that GD (or
/// large-batch SGD) found and is stable at. EMPIRICAL; the catalog's substitute: a tanh network 5 → 40 → 1 on n = 20
/// points, the minimum found by the finder with η = 1 and the data relabelled with its outputs (so it interpolates
/// exactly), then many SGD trajectories with the same η from θ* + 10⁻⁶·N(0, I).
enum WU_FIG4 {
    enum Finder: String, Codable, Sendable { case gd = "GD", sgd = "SGD with B = n/2" }

    struct Setup: ClaimSetup {
        var finder = Finder.gd
        var escapeBatch = 1
        var width = 40
        var eta = 1.0
        var horizon = 30
        var seed: UInt64 = 404
    }

    static let samples = [SampleCount("trajectories", "SGD trajectories from the perturbed minimum (the paper: 200)", quick: 200, full: 1_000)]

    static let claim = Claim(
        "WU-FIG4", paper: Papers.linearStability, location: "§3.2, Figure 4",
        title: "SGD escapes exponentially from a sharp minimum that GD is stable at (substitute: tanh 5 → 40 → 1)",
        expected: .empirical, tiers: [.numerical, .statistical], keyFigure: "escapeShareLower",
        errata: ["\"10 steps suffice to escape\" depends on the unstated loss at the switching point; the substitute reports the steps from 10⁻¹² to 10⁻² instead of asserting a count."],
        statement: statement(finder: .gd))

    static func statement(finder: Finder) -> Statement<Setup> {
        let finderText = finder == .gd ? "GD" : "SGD, B = 10, with replacement"
        let finderName = finder == .gd ? "GD" : "large-batch SGD"
        let stableText = finder == .gd ? "GD-stable (ηλ₁ < 2)" : "stable for its finder's batch"
        return Statement(
            """
            Started next to a minimum that \(finderName) found and is stable at, small-batch SGD with \
            the same step leaves it: the loss grows exponentially until it reaches the high-loss region. Substitute, \
            asserted: the minimum is \(stableText) but ρ(T_{η,1}) > 1, and \
            the share of B = 1 trajectories whose loss after 30 steps exceeds the loss at the switch has a 99.9% Wilson lower \
            bound above 1/2; growth rates, the mean against the exact linearized E L_t, and the steps to L ≥ 10⁻² are reported.
            """,
            form: .empirical,
            hypotheses: [Hypothesis("the escape batch is small enough for ρ(T_{η,B}) > 1", field: "escapeBatch")],
            construction: """
                x ~ N(0, I_5), y = sin(xᵀv), n = 20, W ~ N(0, 1/5), a ~ N(0, 1) (seed 404); the finder (\(finderText), η = 1) runs until L < 10⁻¹⁰ and the labels are replaced by the network's outputs there, \
                so θ* is an exact interpolating minimum. ρ(T_{η,B}) for B ∈ {1, 2, 5, 10} by a dense eigen-solve of the \
                reduced operator (210 × 210). Trajectories: θ* + 10⁻⁶·N(0, I), then SGD with B i.i.d. indices per step for \
                30 steps (and on to L ≥ 10⁻² or 200 steps for the escape time). The exact linearized mean E L_t = \
                ½Tr(H·T^t(M₀)), M₀ = 10⁻¹²·I on range(H), is reported beside the Monte Carlo mean, which is compared only \
                up to t = 10 (C8).
                """,
            setup: Setup(finder: finder), samples: samples, check: check,
            controls: [.dropping("escapeBatch", name: "escape with B = 10", """
                With B = 10 the operator's radius is below 1 at this minimum: the perturbations shrink and the escape share \
                collapses.
                """) { $0.escapeBatch = 10 }])
    }

    struct Found {
        let net: TanhRegressionNet
        let theta: [Double]
        let spectrum: LinearizedSGDSpectrum<Double>
    }

    /// The minimum, relabelled so that it interpolates exactly.
    static func findMinimum(_ s: Setup) throws -> Found {
        let (raw, start) = try TanhRegressionNet.synthetic(d: 5, n: 20, width: s.width, seed: s.seed) { x, v in
            sin(zip(x, v).reduce(0) { $0 + $1.0 * $1.1 })
        }
        let result = try raw.train(from: start, eta: s.eta, batches: s.finder == .gd ? .full : .withReplacement(10),
                                   target: 1e-10, maxSteps: 60_000, seed: s.seed + 1)
        let net = try raw.relabelled(try raw.inputs.indices.map { try raw.output(result.theta, sample: $0) })
        let spectrum = try LinearizedSGDSpectrum(features: try net.tangentFeatures(result.theta), batch: 1, relativeCutoff: 1e-10)
        return Found(net: net, theta: result.theta, spectrum: spectrum)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let found = try findMinimum(s)
        let paths = try context.count("trajectories")
        let lambda1 = found.spectrum.lambdas.first ?? 0
        // One operator per batch size (reported for 1, 2, 5, 10; the escape batch is one of them or added).
        var spectra: [Int: LinearizedSGDSpectrum<Double>] = [:], radii: [Int: Double] = [:]
        for b in Set([1, 2, 5, 10, s.escapeBatch]).sorted() {
            let sp = try LinearizedSGDSpectrum(features: found.spectrum.reduced, batch: b, relativeCutoff: 1e-10)
            spectra[b] = sp
            radii[b] = try sp.spectralRadius(eta: s.eta, noise: .withReplacement)
        }
        let finderRadius = s.finder == .gd ? s.eta * lambda1 / 2 : radii[10] ?? .nan
        let escapeRadius = radii[s.escapeBatch] ?? .nan // present: the escape batch is in the set above
        // Monte Carlo trajectories.
        var rng = SeededGenerator(seed: s.seed + 7)
        let p = found.theta.count, n = found.net.sampleCount
        var logs = Array(repeating: [Double](), count: s.horizon + 1)
        var samplePaths: [[Double]] = []
        var escaped = 0
        var escapeTimes: [Double] = []
        var at10 = Welford<Double>()
        for k in 0..<paths {
            var theta = zip(found.theta, (0..<p).map { _ in rng.normal() }).map { $0 + 1e-6 * $1 }
            let l0 = try found.net.loss(theta)
            var path = [log10(l0)]
            var reached: Int? = nil
            for t in 1...200 {
                try found.net.step(&theta, batch: try (0..<s.escapeBatch).map { _ in try rng.int(below: n) }, eta: s.eta)
                // The outputs are bounded by m^{-1/2}Σ|a_j|, so the loss stays finite over these horizons.
                let l = try found.net.loss(theta)
                guard l.isFinite else { throw NumericsError.nonFinite(operation: "WU-FIG4 trajectory", detail: "loss at step \(t)") }
                if t <= s.horizon { path.append(log10(l)) }
                if t == 10 { try at10.add(l) }
                if t == s.horizon, l > l0 { escaped += 1 }
                if reached == nil, l >= 1e-2 { reached = t }
                if t >= s.horizon, reached != nil || l < l0 { break } // escaped, or shrinking: no first passage to wait for
            }
            for t in 0...s.horizon { logs[t].append(path[t]) }
            if k < 8 { samplePaths.append(path) }
            escapeTimes.append(Double(reached ?? 201))
        }
        let wilson = try Statistics.wilsonInterval(successes: escaped, trials: paths, level: 0.999)
        // Exact linearized mean: E L_t = ½Tr(H T^t(M₀)), M₀ = σ²I on range(H) (σ = 10⁻⁶, the perturbation's scale).
        let op = try (spectra[s.escapeBatch] ?? found.spectrum).operatorMatrix(eta: s.eta, noise: .withReplacement) // present, as above
        let rk = found.spectrum.rank
        var v = found.spectrum.svec((0..<rk).map { i in (0..<rk).map { $0 == i ? 1e-12 : 0 } })
        var exactMean = [found.spectrum.expectedLoss(svec: v)]
        for _ in 0..<s.horizon { v = try op.applied(to: v); exactMean.append(found.spectrum.expectedLoss(svec: v)) }
        let medians = try logs.map { try Statistics.quantile($0, 0.5) }
        let medianRate = pow(10, (medians[s.horizon] - medians[0]) / Double(s.horizon))
        e.add(Figure("finderStability", s.finder == .gd ? "ηλ₁/2 at the minimum (GD-stable below 1)" : "ρ(T_{η,10}) at the minimum (stable for its finder below 1)",
                     value: finderRadius, tier: .numerical, role: .hypothesis, requirement: .lessThan(1), tolerance: .relative(1e-6),
                     note: "the minimum is stable for the optimiser that found it; λ₁ = \(String(format: "%.4f", lambda1)), ‖H‖_F = \(String(format: "%.4f", found.spectrum.frobeniusH))"))
        e.add(Figure("escapeRadius", "ρ(T_{η,B}) for the escape batch B = \(s.escapeBatch)", value: escapeRadius, tier: .numerical, tolerance: .relative(1e-6),
                     note: "ρ(T) for B = 1, 2, 5, 10: " + [1, 2, 5, 10].map { String(format: "%.4f", radii[$0] ?? .nan) }.joined(separator: ", ")))
        e.add(Figure("escapeShareLower", "99.9% Wilson lower bound of the share of trajectories with L_\(s.horizon) > L_0",
                     value: wilson.lower, tier: .statistical, requirement: .greaterThan(0.5), tolerance: .absolute(0.02),
                     note: "\(escaped) of \(paths) trajectories; > 1/2: the typical perturbation grows instead of dying out"))
        e.add(Figure("medianGrowthPerStep", "median trajectory's loss growth per step over \(s.horizon) steps", value: medianRate, tier: .statistical,
                     tolerance: .relative(0.05), note: "the mean-square rate ρ(T) = \(String(format: "%.4f", escapeRadius)) bounds the typical rate from above"))
        e.add(Figure("exactMeanGrowthPerStep", "linearized E L_t growth per step over \(s.horizon) steps (exact recursion)",
                     value: pow(exactMean[s.horizon] / exactMean[0], 1 / Double(s.horizon)), tier: .numerical, tolerance: .relative(1e-6),
                     note: "tends to ρ(T) as t grows"))
        e.add(Figure("meanAt10Ratio", "Monte Carlo mean of L_10 over the exact linearized E L_10", value: at10.mean / exactMean[10], tier: .statistical,
                     tolerance: .relative(0.5), note: "reported only (C8): the sample mean of a multiplicative process is dominated by rare paths"))
        let reachedTimes = escapeTimes.filter { $0 <= 200 }
        e.add(Figure("medianStepsToHighLoss", "median steps from the switch (L ≈ 10⁻¹²) to L ≥ 10⁻² (201 = not within 200)",
                     value: try Statistics.quantile(escapeTimes, 0.5), tier: .statistical, tolerance: .absolute(10),
                     note: "\(reachedTimes.count) of \(paths) reached L ≥ 10⁻² within 200 steps; the paper's \"10 steps\" starts from an unstated loss"))
        if s == Setup(finder: s.finder) { e.plots.append(plot(logs, samplePaths, exactMean, finder: s.finder)) }
        e.summary = """
            The minimum is stable for its finder, ρ(T_{η,1}) = \(String(format: "%.3f", radii[1] ?? .nan)); \(escaped) of \(paths) B = 1 trajectories \
            had a larger loss after \(s.horizon) steps than at the start (median ×\(String(format: "%.2f", medianRate)) per step).
            """
        return e
    }

    static func plot(_ logs: [[Double]], _ samplePaths: [[Double]], _ exactMean: [Double], finder: Finder) -> Plot {
        let ts = (0..<logs.count).map(Double.init)
        let q = { (p: Double) in logs.map { (try? Statistics.quantile($0, p)) ?? .nan } }
        var series: [PlotSeries] = samplePaths.enumerated().map { k, path in PlotSeries(k == 0 ? "sample paths" : "", x: ts, y: path, style: .line, color: 6) }
        series.append(PlotSeries("median", x: ts, y: q(0.5), style: .line, color: 0))
        series.append(PlotSeries("linearized E L_t (exact)", x: ts, y: exactMean.map(log10), style: .reference, color: 3))
        return Plot(
            key: finder == .gd ? "escape-from-gd-minimum" : "escape-from-large-batch-minimum",
            caption: """
                log₁₀ of the training loss along SGD (B = 1, η = 1) started 10⁻⁶ away from a minimum found by \
                \(finder == .gd ? "GD" : "SGD with B = 10"); grey: the first 8 trajectories; blue: the median over all; red: the \
                exact mean loss of the linearized dynamics. Trajectories that leave the linear region (L ≥ 10⁻²) stop.
                """,
            chart: LinePlot(
                title: finder == .gd ? "WU-FIG4: escape from a GD minimum" : "WU-FIG9: escape, large-batch minimum",
                xAxis: PlotAxis("SGD steps after the switch"),
                yAxis: PlotAxis("log₁₀ training loss"),
                series: series, bands: [PlotBand("10–90% of trajectories", x: ts, lower: q(0.1), upper: q(0.9), color: 0)]))
    }
}
