import Constructions
import Foundation
import Numerics

/// WU-X-LYAP (our addition): linear stability is a mean-square notion. A minimum can be linearly unstable — E L_t
/// grows like 5.4ᵗ and Theorem 3.6 applies with γ₀ = 4.46 — while GD is stable there and every SGD trajectory
/// converges to it almost surely, because the Lyapunov exponent E log|1 − c_I| is negative.
enum WU_X_LYAP {
    struct Setup: ClaimSetup {
        /// c_i = ηg_i² for the n = 3 scalar features (p = 1, B = 1).
        var c: [Rational] = [try! Rational(99, 100), try! Rational(49, 10), try! Rational(1, 100)] // literals
    }

    static let samples = [SampleCount("paths", "simulated trajectories of L_t/L_0 to t = 40", quick: 20_000, full: 200_000)]

    static let claim = Claim(
        "WU-X-LYAP", paper: Papers.linearStability, location: "our addition to §3.2 (the abstract's 'escapes exponentially fast')",
        title: "Mean-square instability without escape: E L_t grows like 5.4ᵗ while almost every trajectory converges",
        expected: .holds, tiers: [.exact, .certified, .statistical], keyFigure: "meanSquareGrowth",
        statement: Statement(
            """
            There is an interpolating minimum, stable for GD, that is linearly unstable for SGD (E L_t → ∞, with Theorem \
            3.6's γ₀ > 1) while SGD converges to it almost surely: with p = 1, B = 1 and c_i = ηg_i², L_t/L_0 = \
            Π_s(1 − c_{I_s})², whose mean grows like (E(1 − c_I)²)ᵗ but whose logarithm drifts like 2t·E log|1 − c_I| → −∞.
            """,
            hypotheses: [Hypothesis("the per-sample curvatures c = ηg_i² are heterogeneous (SGD noise present)", field: "c")],
            construction: """
                n = 3, c = (99/100, 49/10, 1/100): ηH = mean c = 59/30 < 2 (GD-stable). Exact: E(1 − c_I)² = 161 902/30 000 \
                ≈ 5.397 and γ₀ = Var(c) ≈ 4.46. Certified: E log|1 − c_I| by interval logarithms. Statistical: simulated \
                trajectories; the share with L_40 < L_0 has a 99.9% Wilson lower bound, and at t = 5 (before the heavy tail \
                takes over) the sample mean of L_5/L_0 must lie within 5 standard errors of the exact 5.397⁵.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("c", name: "no noise: c = (1/2, 1/2, 1/2)", """
                Equal curvatures remove the noise: E(1 − c)² = 1/4 < 1, and mean-square stability and almost-sure \
                convergence agree — there is no instability to exhibit.
                """) { $0.c = [try! Rational(1, 2), try! Rational(1, 2), try! Rational(1, 2)] }])) // literals

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let n = Rational(s.c.count)
        let mean = try Rational.sum(s.c) / n
        let growth = try Rational.sum(try s.c.map { let x = try Rational.one - $0; return try x * x }) / n
        let second = try Rational.sum(try s.c.map { try $0 * $0 }) / n
        let gamma0 = try second - mean * mean // μ(ηH)²/B with μ = Var(c)/mean(c)², B = 1
        e.add(.exact("gdStep", "ηH = mean(c)", mean, role: .hypothesis, requirement: .lessThan(2), note: "< 2: GD is stable at this minimum"))
        e.add(.exact("meanSquareGrowth", "E(1 − c_I)², the exact per-step growth of E L", growth, requirement: .greaterThan(1),
                     note: "> 1: linearly unstable (E L_t = growthᵗ·L_0)"))
        e.add(.exact("gamma0", "Theorem 3.6's γ₀ = μ(ηH)²/B = Var(c)", gamma0, note: "> 1 here: the theorem's escape premise holds"))
        var lyap = try Interval(0)
        for c in s.c {
            let x = try (Rational.one - c).magnitude
            lyap = lyap + (x == .zero ? try Interval(-1e300) : try Interval.enclosing(x).log())
        }
        lyap = try lyap.dividing(by: try Interval(Double(s.c.count)))
        e.add(.certified("lyapunovExponent", "E log|1 − c_I| (certified)", lyap, requirement: .lessThan(0), tolerance: .relative(1e-12),
                         note: "< 0: log L_t drifts to −∞, so L_t → 0 almost surely"))
        // Simulation.
        let paths = try context.count("paths")
        var rng = SeededGenerator(seed: 9_001)
        let factors = s.c.map { let x = 1 - $0.doubleValue; return x * x }
        var converged = 0
        var at5 = Welford<Double>()
        var logs = Array(repeating: [Double](), count: 41)
        for _ in 0..<paths {
            var logRatio = 0.0
            for t in 1...40 {
                logRatio += log(factors[try rng.int(below: factors.count)])
                if t == 5 { try at5.add(exp(logRatio)) }
                if paths <= 20_000 || t % 5 == 0 { logs[t].append(logRatio) }
            }
            if logRatio < 0 { converged += 1 }
        }
        let share = Double(converged) / Double(paths)
        let wilson = try Statistics.wilsonInterval(successes: converged, trials: paths, level: 0.999)
        e.add(Figure("convergedShareLower", "99.9% Wilson lower bound of the share of trajectories with L_40 < L_0", value: wilson.lower,
                     tier: .statistical, requirement: .atLeast(0.99), tolerance: .absolute(0.01), note: "\(paths) trajectories; observed \(String(format: "%.4f", share))"))
        let exact5 = pow(growth.doubleValue, 5)
        let se5 = try at5.standardError()
        e.add(Figure("meanAt5Z", "|sample mean of L_5/L_0 − exact| / standard error", value: abs(at5.mean - exact5) / se5, tier: .statistical,
                     role: .crossCheck, requirement: .atMost(5), tolerance: .relative(1e-6), note: "the exact mean \(String(format: "%.1f", exact5)) is visible at t = 5"))
        if s == Setup() { e.plots.append(try plot(growth.doubleValue, logs)) }
        e.summary = "E L_t grows like 5.397ᵗ although ηH < 2, yet the Lyapunov exponent is negative and almost every simulated trajectory converges."
        return e
    }

    static func plot(_ growth: Double, _ logs: [[Double]]) throws -> Plot {
        let ts = (1...40).filter { !logs[$0].isEmpty }
        func q(_ p: Double) throws -> [Double] { try ts.map { pow(10, try Statistics.quantile(logs[$0], p) / log(10)) } }
        return Plot(
            key: "mean-vs-paths",
            caption: """
                L_t/L_0 on a log scale. The exact mean-square growth (E L_t = 5.397ᵗ·L_0, from the recursion) explodes, while \
                the median trajectory and even the 90th percentile of the simulated trajectories fall towards 0: SGD \
                converges almost surely to a minimum that is linearly unstable in the sense of Definition 3.1.
                """,
            chart: LinePlot(
                title: "WU-X-LYAP: exact mean against sample paths",
                xAxis: PlotAxis("SGD step t"),
                yAxis: PlotAxis("L_t / L_0 (log scale)", scale: .log10),
                series: [
                    PlotSeries("exact E L_t / L_0", x: ts.map(Double.init), y: ts.map { pow(growth, Double($0)) }, style: .line, color: 3),
                    PlotSeries("median of trajectories", x: ts.map(Double.init), y: try q(0.5), style: .line, color: 0),
                    PlotSeries("90th percentile", x: ts.map(Double.init), y: try q(0.9), style: .line, color: 2),
                    PlotSeries("L_t = L_0", x: [1, 40], y: [1, 1], style: .reference, color: 5),
                ]))
    }
}
