import Constructions
import Numerics

/// WU-FIG1 (Fig. 1a/1b), EMPIRICAL: alignment during training and against model size. CPU substitute: the paper's
/// 4-layer linear network (d → m → m → m → 1, Gaussian inputs, teacher Σx_i/d, n < d) trained by SGD at a few widths,
/// α, β, μ, μ₁, μ₂, γ, τ every few steps by the n-space formulas; plus μ_min of ReLU sphere features against m.
/// Asserted only the identities a proved statement gives at every checkpoint: μ = αβ (two independent routes), 0 ≤ α ≤ 1,
/// μ₁ ≥ γ and μ₂ ≤ τ(G) (Lemma 2.3 on the tangent features).
enum WU_FIG1 {
    enum TraceRoute: String, Codable, Sendable {
        case centred = "Tr(GΣ) = ‖P·SᵀQ‖_F²/n² (Eq. 11b)"
        case uncentred = "‖SᵀQ‖_F²/n² (P dropped: Tr(GΣ₁))"
    }

    struct Setup: ClaimSetup {
        var trace = TraceRoute.centred
        var inputDimension = 20
        var samples = 10
        var widths = [8, 16, 32]
        var batch = 5
        /// η = stepFraction/λ₁(G(θ₀)).
        var stepFraction = 0.5
        var steps = 600
        var every = 50
    }

    static let samples = [SampleCount("seeds", "independent runs (data, initialisation, batches) per width", quick: 2, full: 5)]

    static let claim = Claim(
        "WU-FIG1", paper: Papers.linearStability, location: "§2.3, Fig. 1a/1b (settings in App. A.1)",
        title: "Alignment during training and across widths (linear network substitute): μ ≈ 1 throughout; exact identities at checkpoints",
        expected: .empirical, tiers: [.numerical], keyFigure: "finalMuMean[m=32]",
        errata: [
            "The Fig. 1 caption gives the linear network n = 100, d = 50; App. A.1 gives d = 100, n = 50 — the low-sample regime n < d is meant, and used here (d = 20, n = 10).",
            "The literal A.1 hyper-parameters are linearly unstable (Xavier-uniform: ηλ₁ = 4.3); here η = 0.5/λ₁(G(θ₀)) with PyTorch's default initialisation.",
            "μ(θ) is 0/0 at a global minimum; it is evaluated at iterates with L > 0 only.",
        ],
        statement: Statement(
            """
            [EMPIRICAL] Along SGD training the alignment α stays close to 1, β stays bounded below, and μ = αβ stays well above \
            0; μ at the solutions found does not depend on the model size (linear networks, random features).
            """,
            form: .empirical,
            hypotheses: [Hypothesis("α uses Tr(GΣ) with the centred noise covariance Σ = Σ₁ − ∇L∇Lᵀ", field: "trace")],
            construction: """
                Linear network d = 20 → m → m → m → 1 (no biases, p = 20m + 2m² + m), n = 10 Gaussian inputs, labels Σx_i/d, \
                PyTorch-default initialisation, SGD with replacement, B = 5, η = 0.5/λ₁(G(θ₀)), 600 steps, checkpoints every \
                50; widths m ∈ {8, 16, 32}; per checkpoint the exact tangent features g_i (back-propagation) and the n-space \
                formulas: μ, μ₁, μ₂ from K = (g_iᵀg_j) (C5), Tr(GΣ) from Eq. (11b) and ‖Σ‖_F from ‖PNP‖_F/n, α = Tr/(‖G‖‖Σ‖), \
                β = ‖Σ‖/(2L‖G‖), τ(G) from the eigenvalues of K. Both routes start from the same K and e, so they differ only by \
                the arithmetic after K: each check allows (6n + 16)·ε times the cancellation factors (magnitude/value) of the \
                centred sums, and 4(2n + 8)·ε·μ₁ for Lemma 2.3's sums of non-negative terms, 60·n·ε·λ_max(K)-level error for τ. \
                Random features: μ_min of ReLU sphere features (d = 5, n = 50) for m = 50…800, reported.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("trace", name: "P dropped from Eq. 11b", """
                Without the centring P the trace is Tr(GΣ₁): αβ then equals μ₁ = μ + μ₂, not μ, at every checkpoint with \
                ∇L ≠ 0.
                """) { $0.trace = .uncentred }]))

    struct Record {
        let step: Int
        let loss: Double, mu: Double, mu1: Double, mu2: Double, alpha: Double, beta: Double, gamma: Double, tau: Double
        let identityRatio: Double, alphaRatio: Double, lemmaRatio: Double
        let align: KernelAlignment<Double>
        let features: Matrix<Double>
    }

    struct Run { let width: Int; let seed: Int; let eta: Double; let records: [Record] }

    static func record(_ c: LinearNetworkTraining.Checkpoint, _ s: Setup) throws -> Record {
        let align = try KernelAlignment(features: c.features)
        let e = c.residuals
        let (mu, mu1, mu2) = try align.alignment(residuals: e)
        let ab = try align.alphaBeta(residuals: e, centredTrace: s.trace == .centred)
        let (tau, ev) = try align.tauByEigendecomposition()
        let n = Double(align.n)
        // μ from C5 cancels μ₁ − μ₂; Eq. 11b's sum has its own factor (in the bound of alphaBeta).
        let rel = ab.relativeErrorBound + Double(6 * align.n + 16) * Double.ulpOfOne * (mu1 + mu2) / max(abs(mu), .leastNormalMagnitude)
        let identity = abs(mu - ab.alpha * ab.beta) / (rel * abs(mu))
        let alphaExcess = max(0, -ab.alpha, ab.alpha - 1) / (ab.relativeErrorBound * max(abs(ab.alpha), 1))
        let lemmaTol = 4 * (2 * n + 8) * Double.ulpOfOne
        let tauTol = 60 * n * Double.ulpOfOne * 2 * ev.max()! * ev.max()! / align.frobeniusSquared + lemmaTol * tau
        let lemma = max(0, (align.gamma - mu1) / (lemmaTol * mu1), (mu2 - tau) / tauTol)
        return Record(step: c.step, loss: c.loss, mu: mu, mu1: mu1, mu2: mu2, alpha: ab.alpha, beta: ab.beta, gamma: align.gamma, tau: tau,
                      identityRatio: identity, alphaRatio: alphaExcess, lemmaRatio: lemma, align: align, features: c.features)
    }

    static func runs(_ s: Setup, seeds: Int) throws -> [Run] {
        var out: [Run] = []
        for m in s.widths {
            for k in 0..<seeds {
                let net = try DeepLinearNetwork(inputDimension: s.inputDimension, width: m)
                let training = try LinearNetworkTraining(network: net, samples: s.samples, batch: s.batch, seed: 81_000 + UInt64(k))
                var rng = SeededGenerator(seed: 82_000 + UInt64(m * 100 + k))
                let theta0 = net.initialParameters(using: &rng)
                let start = try KernelAlignment(features: try training.checkpoint(theta0, step: 0).features)
                let lambda1 = try start.tauByEigendecomposition().eigenvalues.max()! / Double(s.samples) // λ₁(G) = λ₁(K)/n
                let eta = s.stepFraction / lambda1
                let cps = try training.run(from: theta0, eta: eta, steps: s.steps, every: s.every, seed: 83_000 + UInt64(m * 100 + k))
                out.append(Run(width: m, seed: k, eta: eta, records: try cps.filter { $0.loss > 1e-20 }.map { try record($0, s) }))
            }
        }
        return out
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let all = try runs(s, seeds: try context.count("seeds"))
        let records = all.flatMap(\.records)
        e.add(Figure("muEqualsAlphaBeta", "max over \(records.count) checkpoints of |μ − αβ| / derived bound", value: records.map(\.identityRatio).max()!,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: μ (C5) = α·β (Eq. 11b and ‖PNP‖) at every checkpoint — Eq. (3)'s identity through two routes"))
        e.add(Figure("alphaOutsideUnitInterval", "max over checkpoints of the excess of α outside [0, 1] / derived bound", value: records.map(\.alphaRatio).max()!,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1 (0 when inside): 0 ≤ α ≤ 1 (Cauchy–Schwarz, Σ, G ⪰ 0)"))
        e.add(Figure("alphaMin", "min over checkpoints of α", value: records.map(\.alpha).min()!, tier: .numerical, tolerance: .relative(1e-6),
                     note: "max \(records.map(\.alpha).max()!); β from \(records.map(\.beta).min()!) to \(records.map(\.beta).max()!)"))
        e.add(Figure("lemma23Ratio", "max over checkpoints of (γ − μ₁)/bound and (μ₂ − τ)/bound", value: records.map(\.lemmaRatio).max()!,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1 (0 when both hold with room): Lemma 2.3 on the tangent features at θ_t"))
        for m in s.widths {
            let finals = all.filter { $0.width == m }.map { $0.records.last! }
            var mu = Welford<Double>(), alpha = Welford<Double>(), beta = Welford<Double>()
            for r in finals { try mu.add(r.mu); try alpha.add(r.alpha); try beta.add(r.beta) }
            let p = s.inputDimension * m + 2 * m * m + m
            let minMu = all.filter { $0.width == m }.flatMap(\.records).map(\.mu).min()!
            e.add(Figure("finalMuMean[m=\(m)]", "mean μ at the last checkpoint, width \(m) (p = \(p))", value: mu.mean, tier: .numerical, tolerance: .relative(1e-6),
                         note: "sd \(finals.count > 1 ? try mu.variance().squareRoot() : 0) over \(finals.count) runs; α \(alpha.mean), β \(beta.mean); min μ over training \(minMu); final L \(finals.map(\.loss).max()!)"))
        }
        // Random features: μ_min against m (reported).
        var rfm: [(Double, Double)] = []
        for ratio in [1, 2, 4, 8, 16] {
            let sample = try ReLURandomFeatures.sample(n: 50, m: 50 * ratio, d: 5, distribution: .sphere, seed: 84_000 + UInt64(ratio))
            let muMin = try KernelAlignment(features: sample.features(Double.self)).alignmentMinimum().muMin
            rfm.append((Double(50 * ratio), muMin))
            e.add(Figure("rfmMuMin[m=\(50 * ratio)]", "μ_min of ReLU sphere features, d = 5, n = 50, m = \(50 * ratio)", value: muMin, tier: .numerical,
                         tolerance: .relative(1e-6), note: "size independence in m (SIM-17 at n = 100: 0.243 … 0.2965); 1 − τ(K) = 0.293"))
        }
        if s == Setup() { e.plots += try plots(s, all, rfm) }
        e.summary = "At every checkpoint μ = αβ, 0 ≤ α ≤ 1, μ₁ ≥ γ and μ₂ ≤ τ; μ stays near 1 during training at every width."
        return e
    }

    static func plots(_ s: Setup, _ all: [Run], _ rfm: [(Double, Double)]) throws -> [Plot] {
        let run = all.first { $0.width == s.widths.last! && $0.seed == 0 }!
        let steps = run.records.map { Double($0.step) }
        let training = Plot(
            key: "alignment-during-training",
            caption: """
                One run of the linear network (width \(run.width), seed 0): α, β and μ = αβ at each checkpoint. μ stays near 1 \
                (Theorem 2.1 gives μ ≥ 1 for online Gaussian data; here n = 10 samples), α stays high.
                """,
            chart: LinePlot(
                title: "WU-FIG1: α, β, μ during training",
                xAxis: PlotAxis("SGD step t"), yAxis: PlotAxis("alignment factor", include: [0]),
                series: [
                    PlotSeries("μ", x: steps, y: run.records.map(\.mu), color: 0),
                    PlotSeries("α", x: steps, y: run.records.map(\.alpha), color: 2),
                    PlotSeries("β", x: steps, y: run.records.map(\.beta), color: 3),
                    PlotSeries("γ − τ (Lemma 2.3 bound)", x: steps, y: run.records.map { $0.gamma - $0.tau }, style: .reference, color: 1),
                ]))
        var series: [PlotSeries] = []
        for k in 0..<(all.map(\.seed).max()! + 1) {
            let r = all.filter { $0.seed == k }
            series.append(PlotSeries("linear net, seed \(k)", x: r.map { Double(s.inputDimension * $0.width + 2 * $0.width * $0.width + $0.width) },
                                     y: r.map { $0.records.last!.mu }, style: .markers, color: 0))
        }
        series.append(PlotSeries("RFM μ_min (p = m)", x: rfm.map(\.0), y: rfm.map(\.1), style: .lineAndMarkers, color: 3))
        let size = Plot(
            key: "mu-vs-size",
            caption: """
                μ at the last checkpoint of each linear-network run against the number of parameters p, and μ_min of ReLU \
                random features on the sphere (d = 5, n = 50) against m: neither trends with model size.
                """,
            chart: LinePlot(title: "WU-FIG1: μ vs model size", xAxis: PlotAxis("parameters p", scale: .log10),
                            yAxis: PlotAxis("μ (linear net) / μ_min (RFM)", include: [0, 1.2]), series: series))
        return [training, size]
    }
}
