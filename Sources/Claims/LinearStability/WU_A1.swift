import Constructions
import Foundation
import Numerics

/// WU-A1 (App. A.1, Table 1), EMPIRICAL: the printed hyper-parameters of the random-feature and linear-network
/// experiments, checked for internal consistency before any training. The random-feature model is linear in θ, so its
/// SGD error e_t = θ_t − θ* obeys e_{t+1} = (I − ηH_B)e_t exactly and E[e_te_tᵀ] evolves by the second-moment operator
/// T: a certified ρ(T) > 1 is a proof that the printed setting diverges in mean square.
enum WU_A1 {
    struct Setup: ClaimSetup {
        /// App. A.1's SGD step and batch for the random-feature model.
        var eta = 0.003
        var batch = 5
        var noise = LinearizedSGD.Noise.withReplacement
        /// The recommended step as a fraction of the certified upper bound on η_crit(B) (the catalog: half of η_crit).
        var recommendedFraction = 0.5
        var networkEta = 0.1
        var seed: UInt64 = 2101
    }

    static let d = 10, n = 200, m = 2000
    static let networkInput = 100, networkSamples = 50, networkWidth = 50

    static let samples = [
        SampleCount("powerSteps", "power-iteration steps for ρ(T) and for the critical-step bracket", quick: 12, full: 100),
    ]
    /// SGD steps of the linear network from PyTorch's default start (the paper's run).
    static let networkSteps = 3_000

    static let claim = Claim(
        "WU-A1", paper: Papers.linearStability, location: "App. A.1, Table 1",
        title: "The printed random-feature and Xavier linear-network settings are linearly unstable; the critical step is certified instead",
        expected: .empirical, tiers: [.numerical], keyFigure: "rhoLower[literal]",
        errata: [
            "With the printed w ~ N(0, I_d) and η = 0.003, ηλ₁(H) ≈ 10: SGD on the random-feature model diverges at once.",
            "The catalog's second finding — with w ~ N(0, I_d/d) (ηλ₁ ≈ 1) the B = 5 operator still has ρ(T) ≈ 1.169 — is not reproduced: the critical step is certified here at ≈ 1.6/λ₁, so η = 0.003 is linearly stable with the rescaled weights. A power iteration that applies HM + (HM)ᵀ to iterates that are not kept symmetric grows a spurious non-symmetric mode (in H's top two eigendirections) at about that rate; T acts on symmetric matrices only.",
            "The linear network with Xavier-uniform initialisation starts at ηλ₁(G) ≈ 4.4 and overflows; PyTorch's default initialisation U(±1/√fan_in) trains.",
            "Fig. 1's caption swaps n and d for the linear network (n = 100, d = 50); the text's n = 50 < d = 100 is used.",
        ],
        statement: Statement(
            """
            [EMPIRICAL] The experiments' printed settings — a ReLU random-feature model f(x; θ) = Σ_jθ_jReLU(w_jᵀx) with \
            x, w_j ~ N(0, I_10), n = 200, m = 2000, SGD with η = 0.003 and B = 5; and a four-layer linear network \
            100 → 50 → 50 → 50 → 1 on n = 50 Gaussian points with Xavier initialisation, η = 0.1, B = 5 — are trained to \
            convergence in the paper. Checked here before training: the random-feature setting as printed is linearly \
            unstable (certified ρ(T) > 1, so E‖θ_t − θ*‖² diverges); its critical step η_crit(B = 5) is bracketed, which \
            certifies that the same step with weights w ~ N(0, I_d/d) and half the critical step are stable; the linear \
            network's Xavier start has ηλ₁(G) > 2 and diverges, PyTorch's default start trains.
            """,
            form: .empirical,
            hypotheses: [
                Hypothesis("SGD batches of size B are drawn with replacement (the noise term of T)", field: "noise"),
                Hypothesis("the printed batch size B = 5", field: "batch"),
                Hypothesis("the recommended step is below the critical step: a fraction of its upper bound no larger than lower/upper", field: "recommendedFraction"),
                Hypothesis("the random-feature kernel K = AAᵀ is positive definite (m > n, checked), so range(H) is parameterised by n × n matrices"),
            ],
            construction: """
                Random features: x_i, w_j ~ N(0, I_10) (seed 2101), A_ij = ReLU(w_jᵀx_i) unscaled, n = 200, m = 2000, labels \
                from App. A.1's teacher 0.2x₁ + (x₂ + … + x₁₀ − 1)²/3 + sin(Σx_ix_{i+2}/4). Because ReLU is positively \
                homogeneous, w ~ N(0, I/d) at step η is exactly w ~ N(0, I) at step η/d (same predictions, θ rescaled by √d), so one kernel serves \
                both readings. T is applied in kernel coordinates (M = AᵀSA, O(n³) per application, nothing of size p): \
                ρ(T) ≥ ⟨S, T(S)⟩_K/⟨S, S⟩_K after power steps from S = I, minus its a-priori rounding bound; ρ(T) ≤ the \
                Collatz–Wielandt c with T(S) ⪯ cS. The critical step is bracketed by the same two bounds on the positive \
                map D⁻¹Q (T = I − ηD + η²Q). The Rayleigh quotient is recomputed in Float80 on exactly converted data. \
                SGD from θ = 0 is run in each setting and its loss reported. Linear network (d = 100, n = 50, width 50, \
                teacher Σx_i/d): λ₁ of G(θ₀) = AᵀA/n from the tangent features, for Xavier-uniform and for PyTorch's \
                default initialisation, and SGD with η = 0.1, B = 5.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("batch", name: "batch size 1", """
                    B = 1 instead of the printed 5: the batch noise is five times larger and the critical step falls below \
                    0.003/d, so the rescaled setting can no longer be certified stable.
                    """) { $0.batch = 1 },
                .dropping("recommendedFraction", name: "recommended step above the critical step", """
                    1.2 times the certified upper bound on η_crit: no Collatz–Wielandt certificate of stability can exist.
                    """) { $0.recommendedFraction = 1.2 },
                .mutation(name: "printed step divided by 20", """
                    η = 0.003/20 is below the critical step of the unscaled features: the instability certificate must not \
                    appear for a stable step.
                    """) { $0.eta = 0.003 / 20 },
            ]))

    struct Path { let label: String; let points: [(step: Int, loss: Double)] }

    /// The random-feature data, its kernel in both precisions and its spectral summaries: they depend on the seed only.
    struct FeatureData: Sendable {
        let regression: RandomFeatureRegression
        let base: KernelSecondMomentOperator<Double>
        let lambda1: Double, gamma: Double, tau: Double
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let wide: KernelSecondMomentOperator<Float80>
        #endif

        init(seed: UInt64) throws {
            regression = try RandomFeatureRegression(model: try ReLURandomFeatures.sample(n: n, m: m, d: d, distribution: .gaussian, seed: seed))
            base = try KernelSecondMomentOperator(features: regression.features, eta: 1, batch: 1, noise: .withReplacement).withEigenbasis()
            let align = try KernelAlignment(kernel: base.kernel)
            lambda1 = try align.topEigenvalue() / Double(n)
            gamma = align.gamma
            tau = try align.tau()
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            wide = try KernelSecondMomentOperator(features: regression.features.converted(to: Float80.self), eta: 1, batch: 1, noise: .withReplacement)
            #endif
        }
    }

    /// The default seed's data, computed once per process: the statement and its controls share it (no control changes the data).
    static let defaultFeatureData = Result { try FeatureData(seed: Setup().seed) }
    static func featureData(seed: UInt64) throws -> FeatureData {
        seed == Setup().seed ? try defaultFeatureData.get() : try FeatureData(seed: seed)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let steps = try context.count("powerSteps")
        let data = try featureData(seed: s.seed)
        let regression = data.regression
        let base = try data.base.with(eta: s.eta, batch: s.batch, noise: s.noise)
        let lambda1 = data.lambda1
        e.add(Figure("lambda1", "λ₁(H) of the unscaled features (App. A.1's model)", value: lambda1, tier: .numerical, tolerance: .relative(1e-9),
                     note: "power iteration on K/n; the catalog's reference: 3353.2"))
        e.add(Figure("gamma", "γ = min χ_i/χ̄ of the features", value: data.gamma, tier: .numerical, tolerance: .relative(1e-9), note: "reference 0.257"))
        e.add(Figure("tau", "τ(G) = λ₁²/‖G‖_F²", value: data.tau, tier: .numerical, tolerance: .relative(1e-9), note: "reference 0.809"))

        // The three readings of the step: as printed; w ~ N(0, I/d) (≡ η/d); the m^{−1/2}-scaled model (≡ η/m).
        let readings: [(key: String, text: String, eta: Double)] = [
            ("literal", "w ~ N(0, I_d), η = \(s.eta)", s.eta),
            ("rescaled", "w ~ N(0, I_d/d), η = \(s.eta) (≡ η/d on the unscaled features)", s.eta / Double(d)),
            ("scaledModel", "f = m^{−1/2}Σθ_jReLU(w_jᵀx), η = \(s.eta) (≡ η/m)", s.eta / Double(m)),
        ]
        for r in readings {
            e.add(Figure("etaLambda1[\(r.key)]", "ηλ₁(H), \(r.text)", value: r.eta * lambda1, tier: .numerical, tolerance: .relative(1e-9),
                         note: "GD is stable iff ηλ₁ < 2 (catalog: 10.06, 1.006, 0.005)"))
        }
        // The printed step: certified instability (and the Collatz–Wielandt upper bound, which brackets ρ(T)).
        let literal = try base.powerIteration(steps: steps)
        e.add(Figure("rhoLower[literal]", "certified lower bound on ρ(T_{η,B}) as printed: Rayleigh quotient minus its rounding bound",
                     value: literal.lower - literal.roundingBound, tier: .numerical, requirement: .greaterThan(1), tolerance: .relative(1e-6),
                     note: "> 1: E‖θ_t − θ*‖² diverges; \(steps) power steps from S = I, rounding bound \(fmt(literal.roundingBound)); (1 − ηλ₁)² = \(fmt((1 - s.eta * lambda1) * (1 - s.eta * lambda1)))"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let wide = try data.wide.with(eta: Float80(s.eta), batch: s.batch, noise: s.noise)
        let q80 = try wide.rayleighQuotient(literal.iterate.map { Float80($0) })
        let q64 = try base.rayleighQuotient(literal.iterate)
        e.add(Figure("precisionAgreement", "|Rayleigh quotient in Double − in Float80| / (sum of both a-priori rounding bounds), printed setting",
                     value: abs(q64.value - Double(q80.value)) / (q64.roundingBound + Double(q80.roundingBound)), tier: .numerical, role: .crossCheck,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: both precisions evaluate the same quotient within their derived bounds"))
        #endif

        // The critical step (unscaled features), its bracket, the rescaled reading and the recommended step.
        let bracket = try base.criticalStepBracket(steps: steps)
        e.add(Figure("etaCritLower", "certified lower bound on η_crit(B = \(s.batch)), unscaled features", value: bracket.lower, tier: .numerical, tolerance: .relative(1e-6),
                     note: "every η ≤ this is linearly stable (Collatz–Wielandt on D⁻¹Q); w ~ N(0, I/d) multiplies it by d = \(d)"))
        e.add(Figure("etaCritUpper", "certified upper bound on η_crit(B = \(s.batch)), unscaled features", value: bracket.upper, tier: .numerical, tolerance: .relative(1e-6),
                     note: "every η above this is linearly unstable (Rayleigh quotient); η_crit·λ₁ = \(fmt(bracket.upper * lambda1))"))
        e.add(Figure("rescaledStability", "w ~ N(0, I_d/d), η = \(s.eta): (η/d) / (certified lower bound on η_crit); ≤ 1 certifies ρ(T) ≤ 1",
                     value: s.eta / Double(d) / bracket.lower, tier: .numerical, requirement: .atMost(1), tolerance: .relative(1e-6),
                     note: "≤ 1: with the rescaled weights the printed step is linearly STABLE for B = \(s.batch) — the catalog's ρ ≈ 1.169 is not reproduced (see the errata)"))
        let recommended = s.recommendedFraction * bracket.upper
        e.add(Figure("recommendedStability", "recommended step / (certified lower bound on η_crit); ≤ 1 certifies ρ(T_{η_rec}) ≤ 1",
                     value: recommended / bracket.lower, tier: .numerical, requirement: .atMost(1), tolerance: .relative(1e-6),
                     note: "η_rec = \(s.recommendedFraction) × the upper bound = \(fmt(recommended)) on the unscaled features (\(fmt(recommended * Double(d))) with w ~ N(0, I/d))"))

        // Reported runs (no requirement rests on them), computed for the statement's own setup only: SGD from θ = 0 in
        // each random-feature setting, and the linear network from both starts.
        guard s == Setup() else {
            e.summary = "Control run: the certificates only (the reported SGD runs belong to the printed setup)."
            return e
        }
        var paths: [Path] = []
        for (key, label, eta) in [("literal", "η = \(s.eta), w ~ N(0, I)", s.eta), ("rescaled", "η = \(s.eta), w ~ N(0, I/d)", s.eta / Double(d)),
                                  ("recommended", "η_rec", recommended)] {
            let path = try regression.lossPath(eta: eta, batch: s.batch, steps: 2_000, every: 10, seed: s.seed + 1)
            paths.append(Path(label: "random features, \(label)", points: path))
            e.add(lossFigure(path, key: "sgdLoss[\(key)]", overflowKey: "sgdOverflowStep[\(key)]", label: "random-feature SGD from θ = 0 (\(label))",
                             note: "reported (catalog, printed setting: 43.5 → 1e20 in 10 steps)"))
        }
        let net = try computeNetworkOutcome(eta: s.networkEta, seed: s.seed)
        for f in net.figures { e.add(f) }
        e.plots = [lossPlot(paths, key: "rfm-sgd-loss", what: "random-feature model"), lossPlot(net.paths, key: "network-sgd-loss", what: "linear network")]
        e.summary = "The printed random-feature setting is certified linearly unstable (ρ(T) > 1) and overflows; its critical step is bracketed, "
            + "which certifies the rescaled-weight step and half the critical step stable. The linear network overflows from Xavier's start and trains from PyTorch's."
        return e
    }

    /// The linear network's figures and loss paths for both initialisations; they depend on η and the seed only.
    struct NetworkOutcome: Sendable {
        var figures: [Figure] = []
        var paths: [Path] = []
    }

    static func computeNetworkOutcome(eta: Double, seed: UInt64) throws -> NetworkOutcome {
        var out = NetworkOutcome()
        let network = try DeepLinearNetwork(inputDimension: networkInput, width: networkWidth)
        let training = try LinearNetworkTraining(network: network, samples: networkSamples, batch: 5, seed: seed + 2)
        var rng = SeededGenerator(seed: seed + 3)
        let xavier = network.xavierUniformParameters(using: &rng)
        let torch = network.initialParameters(using: &rng)
        for (key, label, theta0, total) in [("xavier", "Xavier-uniform", xavier, 200), ("default", "PyTorch default U(±1/√fan_in)", torch, networkSteps)] {
            let start = try training.checkpoint(theta0, step: 0)
            let l1 = try KernelAlignment(kernel: try KernelSecondMomentOperator<Double>.gram(start.features)).topEigenvalue() / Double(networkSamples)
            out.figures.append(Figure("networkEtaLambda1[\(key)]", "linear network, \(label): η·λ₁(G(θ₀))", value: eta * l1, tier: .numerical, tolerance: .relative(1e-9),
                                      note: "catalog: 4.31 (Xavier), 0.08 (default); GD at θ₀ is unstable above 2"))
            let run = try training.lossPath(from: theta0, eta: eta, steps: total, every: key == "xavier" ? 1 : 100, seed: seed + 4)
            out.paths.append(Path(label: "linear net, \(label)", points: run.path))
            out.figures.append(lossFigure(run.path, key: "networkLoss[\(key)]", overflowKey: "networkOverflowStep[\(key)]", label: "linear network, \(label)",
                                          note: "reported (catalog: 1.05e-2 → 1.08e-8 in 3000 steps from the default start; overflow from Xavier's)"))
        }
        return out
    }

    /// The last loss of a run, or — when it overflowed — the step at which it did (a count, so the baseline compares it exactly).
    static func lossFigure(_ path: [(step: Int, loss: Double)], key: String, overflowKey: String, label: String, note: String) -> Figure {
        let last = path.last!
        guard last.loss.isFinite else {
            return .count(overflowKey, "\(label): first recorded step with a non-finite loss (L₀ = \(fmt(path[0].loss)))", last.step, tier: .numerical,
                          note: "the run diverged")
        }
        return Figure(key, "\(label): loss after \(last.step) SGD steps (L₀ = \(fmt(path[0].loss)))", value: last.loss, tier: .numerical,
                      tolerance: .relative(1e-6), note: note)
    }

    static func fmt(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : "+∞" }

    static func lossPlot(_ paths: [Path], key: String, what: String) -> Plot {
        let series = paths.enumerated().map { c, p -> PlotSeries in
            // A diverging run is drawn up to its first loss above 10⁶ (so the converging runs keep a readable axis).
            let cut = p.points.firstIndex { !($0.loss <= 1e6) }
            let shown = p.points.prefix(through: min(cut ?? p.points.count - 1, p.points.count - 1)).filter { $0.loss.isFinite && $0.loss > 0 }
            let overflow = p.points.last.map { $0.loss.isFinite ? "" : " (overflows at step \($0.step))" } ?? ""
            return PlotSeries(p.label + overflow, x: shown.map { Double($0.step) }, y: shown.map(\.loss), style: .line, color: c)
        }
        let caption = key.hasPrefix("rfm")
            ? "Random-feature SGD loss from θ = 0, log scale (a diverging run is drawn up to its first loss above 10⁶): the printed step explodes (certified ρ(T) > 1); the printed step with rescaled weights and the certified step η_rec both decrease the loss."
            : "Linear-network SGD loss, log scale (a diverging run is drawn up to its first loss above 10⁶): from Xavier's start (ηλ₁ > 2) the loss overflows; from PyTorch's default start it trains."
        return Plot(key: key, caption: caption,
                    chart: LinePlot(title: "WU-A1: \(what), printed settings against certified ones", xAxis: PlotAxis("SGD step t"),
                                    yAxis: PlotAxis("training loss", scale: .log10), series: series))
    }
}
