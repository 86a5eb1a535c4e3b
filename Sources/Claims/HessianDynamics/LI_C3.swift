import Constructions
import Foundation
import Numerics

/// LI-C3 (Corollary 3): the KL divergence of the thresholded-Hessian posterior from the prior is unchanged by an α-scale
/// transformation of a ReLU network — provided the biases scale by the cumulative product of the α's, Πα_l = 1, the
/// prior is transformed with the same map, and the map is diagonal. The transformed side is recomputed from scratch: the
/// Hessian diagonal at Aθ comes from differentiating the network at Aθ, not from the transformation rule.
enum LI_C3 {
    enum Activation: String, Codable, Sendable { case homogeneous = "ReLU and leaky ReLU (positively homogeneous)", tanh = "tanh" }

    struct Setup: ClaimSetup {
        var activation = Activation.homogeneous
        var biasRule = AlphaScaling.BiasRule.cumulative
        /// Πα_l (1: the function is preserved).
        var alphaProduct = 1.0
        var priorTransformed = true
        /// Isotropic prior variance σ²; chosen so that d̃ > 0 on every instance (else KL is invariant under ANY diagonal map).
        var priorVariance = 10.0
        var seed: UInt64 = 4003
    }

    static let widths = [3, 4, 3, 3]
    static let n = 6

    static let samples = [SampleCount("instances", "random networks, data, parameters and α's (the first uses α = (3, 1/4, 4/3))", quick: 100, full: 1_000)]

    static let claim = Claim(
        "LI-C3", paper: Papers.hessianDynamics, location: "§6, Corollary 3 (Eq. 50); proof App. H",
        title: "KL(Q_θ ‖ P) is invariant under α-scale transformations (with the corrected bias scaling and a transformed prior)",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "klChange[Double]",
        errata: [
            "With biases, the printed map θ_l ↦ α_lθ_l changes the function: biases must scale by the cumulative product α_1⋯α_l.",
            "The corollary needs three conditions the paper leaves implicit: f∘A = f, the prior transformed with the same A (variances a_j²σ_j²), and A diagonal.",
            "With d̃ = 0 (no Hessian diagonal above 1/σ²) KL = WFN/2 is invariant under any diagonal map whatever the network does; every run here asserts d̃ > 0.",
        ],
        statement: Statement(
            """
            For a ReLU network with biases, an α-scale transformation A (weights of layer l times α_l > 0, biases times \
            α_1⋯α_l, Πα_l = 1) leaves KL(Q_θ ‖ P) unchanged when the posterior at Aθ is rebuilt from the Hessian there and the \
            prior is transformed with A: KL(Q_{Aθ} ‖ N(Aθ₀, AΣ_PA)) = KL(Q_θ ‖ N(θ₀, Σ_P)), where Q_θ = N(θ, diag(1/ν)), \
            ν_j = max(H_f(θ)_jj, 1/σ_j²). Each part is invariant too: d̃, the effective curvature EC, the weighted distance WFN \
            and the slack.
            """,
            hypotheses: [
                Hypothesis("the activation is positively homogeneous (ReLU, leaky ReLU)", field: "activation"),
                Hypothesis("biases scale by the cumulative product α_1⋯α_l", field: "biasRule"),
                Hypothesis("Πα_l = 1", field: "alphaProduct"),
                Hypothesis("the prior is transformed with the same map (mean Aθ₀, variances a_j²σ_j²)", field: "priorTransformed"),
                Hypothesis("d̃ > 0 on every instance (checked): otherwise the statement cannot fail", field: "priorVariance"),
            ],
            construction: """
                Networks [3, 4, 3, 3] with biases and softmax cross-entropy, alternately ReLU and leaky ReLU (slope 0.1), on \
                n = 6 points x ~ N(0, I) with uniform labels; θ ~ N(0, I), prior mean θ₀ = 0.1·N(0, I), isotropic prior \
                variance σ² = 10 (draws with d̃ = 0 at θ are redrawn); α_1, α_2 log-uniform in [1/8, 8], α_3 = Πα/(α_1α_2) (the first instance: α = (3, 1/4, 4/3)). \
                H_f(θ) and H_f(Aθ) by forward-over-reverse differentiation, each at its own point; the KL and its parts \
                2KL = slack + WFN + EC in closed form. Tolerance: 60·(n + Σ widths + p)·ε times Σ|terms|/KL (LAPACK's 60 for \
                the Hessian's sums and the p-term KL sum), in Double and in Float80 on exactly converted data.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("priorTransformed", name: "prior not transformed", """
                    The prior keeps mean θ₀ and variances σ²: the thresholds 1/σ² no longer follow the Hessian's 1/a_j² scaling.
                    """) { $0.priorTransformed = false },
                .dropping("activation", name: "tanh network", """
                    tanh is not positively homogeneous: the function and its Hessian change under A.
                    """) { $0.activation = .tanh },
                .dropping("alphaProduct", name: "Πα = 2", """
                    With Πα_l = 2 the outputs double, so the loss and its Hessian change.
                    """) { $0.alphaProduct = 2 },
                .dropping("biasRule", name: "naive bias scaling", """
                    Biases scaled by α_l (the literal reading) instead of α_1⋯α_l: the function changes.
                    """) { $0.biasRule = .naive },
            ]))

    struct Instance {
        let net: MultilayerPerceptron
        let data: MultilayerPerceptron.Data
        let theta: [Double], priorMean: [Double]
        /// diag H_f(θ) in Double, computed once when the instance is drawn (the d̃ > 0 test).
        let hessianDiagonal: [Double]
        /// α_1, α_2; α_3 = Πα/(α_1α_2) is formed in each precision so that the product holds to that precision.
        let freeAlphas: [Double]
    }

    /// Random instances; a draw with d̃ = 0 at θ (no H_jj above 1/σ²) is redrawn — it could not detect anything.
    static func instances(_ s: Setup, count: Int) throws -> (instances: [Instance], redraws: Int) {
        var rng = SeededGenerator(seed: s.seed)
        var out: [Instance] = [], redraws = 0
        while out.count < count {
            let i = out.count
            let activation: MultilayerPerceptron.Activation = s.activation == .tanh ? .tanh : (i % 2 == 0 ? .relu : .leakyReLU(slope: 0.1))
            let net = try MultilayerPerceptron(widths: widths, activation: activation, loss: .softmaxCrossEntropy)
            let x = (0..<n).map { _ in (0..<widths[0]).map { _ in rng.normal() } }
            let y = (0..<n).map { _ in Int(rng.next() % UInt64(widths.last!)) }
            let data = try MultilayerPerceptron.Data(inputs: x, classes: y, classCount: widths.last!)
            let theta = (0..<net.parameterCount).map { _ in rng.normal() }
            let mean = (0..<net.parameterCount).map { _ in 0.1 * rng.normal() }
            let a1 = i == 0 ? 3 : Double.pow(8, 2 * rng.uniform() - 1), a2 = i == 0 ? 0.25 : Double.pow(8, 2 * rng.uniform() - 1)
            let h = try net.hessian(theta, data: data)
            try h.elements.requireFinite("LI-C3 Hessian at θ")
            let diagonal = (0..<net.parameterCount).map { h[$0, $0] }
            guard diagonal.contains(where: { $0 > 1 / s.priorVariance }) else {
                redraws += 1
                guard redraws <= 100 * count else { throw NumericsError.invalidArgument(operation: "LI-C3 instances", detail: "\(redraws) draws with d̃ = 0: raise σ²") }
                continue
            }
            out.append(Instance(net: net, data: data, theta: theta, priorMean: mean, hessianDiagonal: diagonal, freeAlphas: [a1, a2]))
        }
        return (out, redraws)
    }

    /// Instances whose d̃ is 0 (tiny prior variance): the catalog's warning case, kept only for a reported figure.
    static func vacuousInstances(_ s: Setup, count: Int) throws -> [Instance] {
        var wide = s
        wide.priorVariance = 1e6 // accepts nearly every draw; d̃ is then recomputed with the small σ² in `compare`
        return try instances(wide, count: count).instances
    }

    struct Comparison {
        var relativeChange = 0.0, toleranceUnits = 0.0
        var minDTilde = Int.max, maxDTilde = 0, zeroDTilde = 0, dTildeChanges = 0
        var worstPartChange = 0.0
        var pairs: [(Double, Double)] = []
    }

    /// KL and its parts before and after the transformation, in precision T (data and parameters converted exactly).
    static func compare<T: RealFloat>(_ s: Setup, _ all: [Instance], _: T.Type) throws -> Comparison {
        var c = Comparison()
        for inst in all {
            let p = inst.net.parameterCount
            let theta = inst.theta.map { T($0) }, mean = inst.priorMean.map { T($0) }
            let free = inst.freeAlphas.map { T($0) }
            let a = try AlphaScaling.coordinateScales(alphas: free + [T(s.alphaProduct) / (free[0] * free[1])], biasRule: s.biasRule, widths: widths)
            let sigma2 = T(s.priorVariance)
            let moved = (0..<p).map { a[$0] * theta[$0] }
            let h0 = try inst.net.hessian(theta, data: inst.data), diag0 = (0..<p).map { h0[$0, $0] }
            let h1 = try inst.net.hessian(moved, data: inst.data), diag1 = (0..<p).map { h1[$0, $0] }
            let before = try ThresholdedPosteriorKL(theta: theta, priorMean: mean, priorVariance: [T](repeating: sigma2, count: p), hessianDiagonal: diag0)
            let priorMean1 = s.priorTransformed ? (0..<p).map { a[$0] * mean[$0] } : mean
            let priorVar1 = s.priorTransformed ? (0..<p).map { a[$0] * a[$0] * sigma2 } : [T](repeating: sigma2, count: p)
            let after = try ThresholdedPosteriorKL(theta: moved, priorMean: priorMean1, priorVariance: priorVar1, hessianDiagonal: diag1)
            let change = Double(abs(after.kl - before.kl) / abs(before.kl))
            let tol = 60 * Double(n + widths.reduce(0, +) + p) * Double(T.ulpOfOne) * Double(before.magnitude / abs(before.kl))
            c.relativeChange = propagatingMax(c.relativeChange, change)
            c.toleranceUnits = propagatingMax(c.toleranceUnits, change / tol)
            c.minDTilde = min(c.minDTilde, before.dTilde)
            c.maxDTilde = max(c.maxDTilde, before.dTilde)
            if before.dTilde == 0 { c.zeroDTilde += 1 }
            if after.dTilde != before.dTilde { c.dTildeChanges += 1 }
            let partScale = Double(before.magnitude)
            c.worstPartChange = [after.ec - before.ec, after.wfn - before.wfn, after.slack - before.slack].map { Double(abs($0)) / partScale / tol }.reduce(c.worstPartChange, propagatingMax)
            c.pairs.append((Double(before.kl), Double(after.kl)))
        }
        return c
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let (all, redraws) = try instances(s, count: try context.count("instances"))
        let d = try compare(s, all, Double.self)
        e.add(.count("minDTilde", "min over instances of d̃ = #{j : H_jj > 1/σ²} at θ", d.minDTilde, role: .hypothesis, requirement: .greaterThan(0),
                     note: "> 0 on every instance (\(redraws) draws with d̃ = 0 redrawn): with d̃ = 0 the KL would be invariant under any diagonal map and nothing could fail"))
        e.add(Figure("klChange[Double]", "max over instances of |KL_after − KL_before| / KL_before, in units of the derived tolerance", value: d.toleranceUnits,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: invariant to rounding; largest relative change \(String(format: "%.2e", d.relativeChange)) (catalog SIM-2: 7.2e-15)"))
        e.add(.count("dTildeChanges", "instances whose d̃ differs after the transformation", d.dTildeChanges, requirement: .equals("0"), tier: .numerical,
                     note: "0: the thresholded coordinates are the same (H_jj/a_j² against 1/(a_j²σ²))"))
        e.add(Figure("partsChange", "max over instances of the change in EC, WFN and slack relative to Σ|terms|, in tolerance units", value: d.worstPartChange,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: each part of 2KL = slack + WFN + EC is invariant on its own"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let w = try compare(s, all, Float80.self)
        e.add(Figure("klChange[Float80]", "the same in Float80 (tolerance with ε_80)", value: w.toleranceUnits, tier: .numerical, requirement: .atMost(1),
                     tolerance: .absolute(0.5), note: "≤ 1: invariant to Float80 rounding (largest relative change \(String(format: "%.2e", w.relativeChange)))"))
        #endif
        if s == Setup() {
            try klFormulaCheck(into: &e, s, Array(all.prefix(20)))
            var tanh = s
            tanh.activation = .tanh
            let t = try compare(tanh, try instances(tanh, count: 40).instances, Double.self)
            var vacuous = tanh
            vacuous.priorVariance = 0.05
            let v = try compare(vacuous, try vacuousInstances(vacuous, count: 40), Double.self)
            e.add(Figure("tanhAtZeroDTilde", "tanh networks with σ² = 0.05 (d̃ = 0 on \(v.zeroDTilde) of 40, at most \(v.maxDTilde)): max relative KL change",
                         value: v.relativeChange, tier: .numerical, tolerance: .relative(1e-6),
                         note: "reported: at d̃ = 0 even the tanh network looks invariant (the catalog's warning) — which is why every run asserts d̃ > 0"))
            e.plots = [plot(d.pairs, tanh: t.pairs)]
        }
        e.summary = "KL(Q_θ ‖ P) and each of its parts are unchanged by the corrected α-scale map with a transformed prior, to rounding in Double and Float80."
        return e
    }

    /// The parts formula 2KL = slack + WFN + EC against the general Gaussian KL
    /// ½[tr(Σ_P⁻¹Σ_Q) + (θ − θ₀)ᵀΣ_P⁻¹(θ − θ₀) − p + log det Σ_P − log det Σ_Q] with Cholesky solves and log-determinants:
    /// the largest difference over the instances in units of 60·p·ε·Σ|terms| (LAPACK's 60 for p-term sums).
    static func klFormulaUnits(_ s: Setup, _ subset: [Instance]) throws -> Double {
        var worst = 0.0
        for inst in subset {
            let p = inst.net.parameterCount
            let diag = inst.hessianDiagonal
            let parts = try ThresholdedPosteriorKL(theta: inst.theta, priorMean: inst.priorMean, priorVariance: [Double](repeating: s.priorVariance, count: p),
                                                   hessianDiagonal: diag)
            let general = try GaussianKL.terms(mean1: inst.theta, covariance1: Matrix.diagonal(diag.map { 1 / max($0, 1 / s.priorVariance) }),
                                               mean0: inst.priorMean, covariance0: Matrix.diagonal([Double](repeating: s.priorVariance, count: p))).divergence
            let tol = 60 * Double(p) * Double.ulpOfOne * parts.magnitude
            worst = propagatingMax(worst, abs(general - parts.kl) / tol)
        }
        return worst
    }

    static func klFormulaCheck(into e: inout Evidence, _ s: Setup, _ subset: [Instance]) throws {
        e.add(Figure("klFormula", "max over \(subset.count) instances of |KL (parts) − KL (general Gaussian formula, Cholesky)| in units of 60·p·ε·Σ|terms|",
                     value: try klFormulaUnits(s, subset), tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: 2KL = slack + WFN + EC is the Gaussian KL (LI-T4's identity), not merely an invariant combination"))
    }

    static func plot(_ pairs: [(Double, Double)], tanh: [(Double, Double)]) -> Plot {
        let all = (pairs + tanh).flatMap { [$0.0, $0.1] }
        let lo = all.min()!, hi = all.max()!
        return Plot(
            key: "kl-before-after",
            caption: "KL(Q ‖ P) before and after the α-scale transformation on every instance: ReLU / leaky ReLU networks lie on the diagonal; tanh networks (the second control, d̃ > 0) leave it.",
            chart: LinePlot(title: "LI-C3: KL before and after θ ↦ Aθ", xAxis: PlotAxis("KL(Q_θ ‖ P)", scale: .log10), yAxis: PlotAxis("KL(Q_{Aθ} ‖ A#P)", scale: .log10),
                            series: [PlotSeries("ReLU / leaky ReLU", x: pairs.map(\.0), y: pairs.map(\.1), style: .markers, color: 0),
                                     PlotSeries("tanh (control)", x: tanh.map(\.0), y: tanh.map(\.1), style: .markers, color: 2),
                                     PlotSeries("y = x", x: [lo, hi], y: [lo, hi], style: .reference, color: 1)]))
    }
}
