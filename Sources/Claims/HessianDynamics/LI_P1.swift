import Constructions
import Foundation
import Numerics

/// LI-P1 (Proposition 1): for a negative log-likelihood loss, H_f = M − H_p at every parameter value, with
/// M = (1/n)Σ∇f_i∇f_iᵀ and H_p = (1/n)ΣHess p_i/p_i. Per sample it is the chain rule on f_i = −log p_i:
/// Hess f_i = ∇f_i∇f_iᵀ − Hess p_i/p_i; the average over the sample is the proposition.
enum LI_P1 {
    enum Loss: String, Codable, Sendable { case logLoss = "softmax cross-entropy f_i = −log q_{y_i}", squaredOnSoftmax = "½‖q_i − e_{y_i}‖² (not a log-likelihood)" }
    enum SecondMoment: String, Codable, Sendable { case full = "M = (1/n)Σ∇f_i∇f_iᵀ", minibatch = "M^(5) = μμᵀ + Σ/5 (mini-batch second moment)" }
    enum HessianRoute: String, Codable, Sendable { case exact = "exact H_f (forward over reverse)", gaussNewton = "Gauss–Newton part (1/n)ΣJ_iᵀS_iJ_i only" }

    struct Setup: ClaimSetup {
        var loss = Loss.logLoss
        var secondMoment = SecondMoment.full
        var hessian = HessianRoute.exact
        var seed: UInt64 = 4001
    }

    static let samples = [
        SampleCount("instances", "random small networks, parameters and data sets", quick: 200, full: 2_000),
        SampleCount("checkpoints", "SGD checkpoints of the paper-size network [50, 10, 30, 10] (every 100 steps from 0)", quick: 2, full: 11),
    ]

    static let architectures: [(widths: [Int], activation: MultilayerPerceptron.Activation)] = [
        ([3, 4, 3, 3], .relu), ([2, 5, 4, 2], .relu), ([3, 4, 3, 3], .tanh),
    ]

    static let claim = Claim(
        "LI-P1", paper: Papers.hessianDynamics, location: "§3, Proposition 1 (Eq. 12); proof App. B.1",
        title: "H_f = M − H_p for the log-loss at every parameter value (exact identity)",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "residual[Double]",
        errata: [
            "The paper does not say that the identity holds at every θ (not only at minima) and for any labels: it is the average of the per-sample chain rule on −log p_i.",
            "For ReLU networks 'twice differentiable' means that no hidden pre-activation of a training sample is zero; instances on or near a kink (|z| ≤ 10⁻⁹(1 + max|z|)) are redrawn.",
        ],
        statement: Statement(
            """
            For the empirical log-loss f(θ) = (1/n)Σ_i −log p_i(θ) with p_i the model's probability of the observed label, at \
            every θ where every p_i > 0 is twice differentiable, the Hessian H_f equals M − H_p, where M = (1/n)Σ∇f_i∇f_iᵀ is the \
            second moment of the per-sample gradients and H_p = (1/n)ΣHess p_i/p_i.
            """,
            hypotheses: [
                Hypothesis("each f_i is the negative log of the model probability p_i of the observed label", field: "loss"),
                Hypothesis("M is the full-sample second moment (1/n)Σ∇f_i∇f_iᵀ", field: "secondMoment"),
                Hypothesis("H_f is the exact Hessian of f", field: "hessian"),
                Hypothesis("θ is a point of twice differentiability: no hidden pre-activation of a training sample is 0 (checked, C4)"),
            ],
            construction: """
                Small networks [3, 4, 3, 3] and [2, 5, 4, 2] (ReLU) and [3, 4, 3, 3] (tanh) with biases and softmax outputs; \
                θ ~ N(0, s²I), s ∈ [0.3, 1.5]; x_i ~ N(0, σ²I), σ ∈ [0.3, 3]; labels uniform; n ∈ [3, 20] (seed 4001). \
                H_f by forward-over-reverse differentiation of f; M from reverse-mode per-sample gradients; H_p by \
                forward-over-reverse differentiation of Σ_i w_i·(−q_{y_i}(θ)) with the weights w_i = 1/(n·p_i) frozen at θ. These \
                share the back-propagation code, and the network's second-order term Σ_c r_c Hess φ_c enters H_f and H_p alike \
                and cancels, so the identity alone cannot see an error in it: on every instance H_f·v (random v) is therefore \
                compared with forward-over-forward (nested dual) differentiation of f, and on ten instances H_p with nested-dual \
                Hessians of each p_i(θ) = softmax(f(x_i; θ))_{y_i} — code that shares nothing with back-propagation. The \
                production network [50, 10, 30, 10] (p = 1150) on Gauss-10 (n = 100, z-scored, He initialisation) is checked \
                along an SGD run (η = 0.1, batches of 5 with replacement). Tolerance: 60·(n + Σ widths)·ε times the largest \
                entry of H_f, M, H_p (LAPACK's 60 for sums of that depth), in Double and in Float80 on exactly converted data.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("loss", name: "squared error on the softmax", """
                    f_i = ½‖q_i − e_{y_i}‖² is not −log q_{y_i}: with H_p still built from q_{y_i} the identity fails by O(1). \
                    (Defining p_i := exp(−f_i) would make any loss pass — a tautology, not a test.)
                    """) { $0.loss = .squaredOnSoftmax },
                .dropping("secondMoment", name: "mini-batch second moment", """
                    M^(5) = μμᵀ + Σ/5 in place of M: the residual is (1 − 1/5)Σ, not 0.
                    """) { $0.secondMoment = .minibatch },
                .dropping("hessian", name: "Gauss–Newton only", """
                    Dropping Σ_c r_c Hess φ_c from H_f: the residual term is not zero for these networks (the cross-layer blocks of \
                    a ReLU network, and every block of a tanh network).
                    """) { $0.hessian = .gaussNewton },
            ]))

    /// The three matrices at one point, and the identity's residual relative to their largest entry.
    struct Parts<T: RealFloat> {
        let hf: Matrix<T>, m: Matrix<T>, hp: Matrix<T>
        var scale: T { propagatingMax(propagatingMax(hf.maxAbs, m.maxAbs), hp.maxAbs) }
        /// NaN when any entry of the three matrices is not finite (never a silently small number).
        var residual: T {
            var r = T.zero
            for i in hf.elements.indices { r = propagatingMax(r, abs(hf.elements[i] - (m.elements[i] - hp.elements[i]))) }
            return r / scale
        }
    }

    /// H_f, M and H_p of the setup's loss at θ.
    static func parts<T: RealFloat>(_ s: Setup, widths: [Int], activation: MultilayerPerceptron.Activation,
                                    data: MultilayerPerceptron.Data, theta: [T]) throws -> Parts<T> {
        let lossKind: MultilayerPerceptron.Loss = s.loss == .logLoss ? .softmaxCrossEntropy : .squaredErrorOnSoftmax
        let net = try MultilayerPerceptron(widths: widths, activation: activation, loss: lossKind)
        let n = data.count, p = net.parameterCount
        // M (or M^(5)) from the per-sample gradients.
        let g = try net.sampleGradients(theta, data: data)
        var m = try Matrix<T>(rows: p, columns: p)
        var mean = [T](repeating: .zero, count: p)
        for i in 0..<n {
            for a in 0..<p {
                let ga = g.elements[i * p + a]
                mean[a] += ga / T(n)
                for b in 0..<p { m.elements[a * p + b] += ga * g.elements[i * p + b] / T(n) }
            }
        }
        if s.secondMoment == .minibatch {
            // μμᵀ + (M − μμᵀ)/5.
            for a in 0..<p { for b in 0..<p {
                let outer = mean[a] * mean[b]
                m.elements[a * p + b] = outer + (m.elements[a * p + b] - outer) / 5
            } }
        }
        // H_p = (1/n)ΣHess q_{y_i}/q_{y_i}: the Hessian of Σ_i w_i(−q_{y_i}) with w_i = 1/(n q_{y_i}) frozen, negated.
        guard case .classes(let labels) = data.targets else { throw NumericsError.invalidArgument(operation: "LI-P1", detail: "class labels expected") }
        var weights = [T]()
        for i in 0..<n { weights.append(T.one / (T(n) * (try softmax(try net.outputs(theta, data: data, sample: i)))[labels[i]])) }
        let prob = try MultilayerPerceptron(widths: widths, activation: activation, loss: .negativeSoftmaxProbability)
        let negative = try prob.hessian(theta, data: data, sampleWeights: weights)
        let hp = negative.scaled(by: -1)
        let hf: Matrix<T>
        switch s.hessian {
        case .exact: hf = try net.hessian(theta, data: data)
        case .gaussNewton: hf = try gaussNewton(net, theta, data)
        }
        return Parts(hf: hf, m: m, hp: hp)
    }

    /// (1/n)ΣJ_iᵀ(diag(q_i) − q_iq_iᵀ)J_i.
    static func gaussNewton<T: RealFloat>(_ net: MultilayerPerceptron, _ theta: [T], _ data: MultilayerPerceptron.Data) throws -> Matrix<T> {
        let p = net.parameterCount, k = net.outputDimension, n = data.count
        var out = try Matrix<T>(rows: p, columns: p)
        for i in 0..<n {
            let j = try net.outputJacobian(theta, data: data, sample: i)
            let q = try softmax(try net.outputs(theta, data: data, sample: i))
            for c in 0..<k { for d in 0..<k {
                let sij = (c == d ? q[c] : .zero) - q[c] * q[d]
                if sij == .zero { continue }
                for a in 0..<p {
                    let left = j.elements[c * p + a] * sij / T(n)
                    for b in 0..<p { out.elements[a * p + b] += left * j.elements[d * p + b] }
                }
            } }
        }
        return out
    }

    /// softmax(z) by the shared shifted form (Constructions' `SoftmaxCrossEntropy`; same operations, same bits).
    static func softmax<T: Real>(_ z: [T]) throws -> [T] { try SoftmaxCrossEntropy.probabilities(z) }

    /// p_i(θ) = softmax(f(x_i; θ))_{y_i} over any Real: its forward-over-forward Hessian is the independent route to H_p.
    struct Probability: ScalarFunction {
        let net: MultilayerPerceptron
        let data: MultilayerPerceptron.Data
        let sample: Int, label: Int
        var inputDimension: Int { net.parameterCount }
        func callAsFunction<T: Real>(_ x: [T]) throws -> T { try softmax(try net.outputs(x, data: data, sample: sample))[label] }
    }

    struct Instance {
        let widths: [Int]
        let activation: MultilayerPerceptron.Activation
        let data: MultilayerPerceptron.Data
        let theta: [Double]
    }

    /// C4: no hidden pre-activation within 10⁻⁹(1 + max|z|) of zero.
    static func isSmooth(_ net: MultilayerPerceptron, _ theta: [Double], _ data: MultilayerPerceptron.Data) throws -> Bool {
        let r = try net.preactivationRange(theta, data: data)
        return r.minAbs > 1e-9 * (1 + r.maxAbs)
    }

    /// The random small instances (redrawn when they sit near a kink); returns them and the number of redraws.
    static func instances(count: Int, seed: UInt64) throws -> (instances: [Instance], redraws: Int) {
        var rng = SeededGenerator(seed: seed)
        var out: [Instance] = [], redraws = 0
        while out.count < count {
            let arch = architectures[out.count % architectures.count]
            let net = try MultilayerPerceptron(widths: arch.widths, activation: arch.activation, loss: .softmaxCrossEntropy)
            let n = 3 + Int(rng.next() % 18)
            let s = 0.3 + 1.2 * rng.uniform(), sigma = 0.3 + 2.7 * rng.uniform()
            let k = arch.widths.last!
            let x = (0..<n).map { _ in (0..<arch.widths[0]).map { _ in sigma * rng.normal() } }
            let y = (0..<n).map { _ in Int(rng.next() % UInt64(k)) }
            let data = try MultilayerPerceptron.Data(inputs: x, classes: y, classCount: k)
            let theta = (0..<net.parameterCount).map { _ in s * rng.normal() }
            guard try isSmooth(net, theta, data) else {
                redraws += 1
                guard redraws <= 100 * count else { throw NumericsError.invalidArgument(operation: "LI-P1 instances", detail: "\(redraws) draws near a kink: the sampler cannot meet C4") }
                continue
            }
            out.append(Instance(widths: arch.widths, activation: arch.activation, data: data, theta: theta))
        }
        return (out, redraws)
    }

    static func tolerance(_ widths: [Int], n: Int, epsilon: Double) -> Double { 60 * Double(n + widths.reduce(0, +)) * epsilon }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let (all, redraws) = try instances(count: try context.count("instances"), seed: s.seed)
        e.add(.count("instances", "random instances checked (ReLU and tanh networks, n = 3…20)", all.count, role: .hypothesis, requirement: .greaterThan(0),
                     note: "\(redraws) draws rejected for a pre-activation within 10⁻⁹(1 + max|z|) of zero (C4)"))
        var worst = 0.0, worstRaw = 0.0, residuals: [Double] = []
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        var worstWide = 0.0
        #endif
        for inst in all {
            let r = try parts(s, widths: inst.widths, activation: inst.activation, data: inst.data, theta: inst.theta)
            let rel = Double(r.residual)
            residuals.append(rel)
            worstRaw = propagatingMax(worstRaw, rel)
            worst = propagatingMax(worst, rel / tolerance(inst.widths, n: inst.data.count, epsilon: Double.ulpOfOne))
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            let w = try parts(s, widths: inst.widths, activation: inst.activation, data: inst.data, theta: inst.theta.map { Float80($0) })
            worstWide = propagatingMax(worstWide, Double(w.residual) / tolerance(inst.widths, n: inst.data.count, epsilon: Double(Float80.ulpOfOne)))
            #endif
        }
        e.add(Figure("residual[Double]", "max over instances of ‖H_f − (M − H_p)‖_max / (max entry · 60(n + Σ widths)ε), Double", value: worst, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the identity holds to rounding; largest relative residual \(String(format: "%.2e", worstRaw)) (catalog SIM-1: 2e-15…8e-15)"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        e.add(Figure("residual[Float80]", "the same in Float80 on exactly converted θ and data, in units of 60(n + Σ widths)ε_80", value: worstWide, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the identity holds to Float80 rounding too (a Double-only coincidence is excluded)"))
        #endif

        if s == Setup() {
            try hessianRoute(into: &e, all)
            try independentRoute(into: &e, all.prefix(10))
            try production(into: &e, s, checkpoints: try context.count("checkpoints"))
            var gn = s
            gn.hessian = .gaussNewton
            let gnResiduals = try all.map { inst in Double(try parts(gn, widths: inst.widths, activation: inst.activation, data: inst.data, theta: inst.theta).residual) }
            e.plots = [residualPlot(residuals, gaussNewton: gnResiduals, all)]
        }
        e.summary = s == Setup()
            ? "H_f = M − H_p holds to rounding on every instance, in Double and Float80, and along SGD on the paper-size network."
            : "Control run."
        return e
    }


    /// H_f·v by back-propagation on duals against nested-dual forward mode, one random v per instance.
    static func hessianRoute(into e: inout Evidence, _ all: [Instance]) throws {
        var worst = 0.0
        var rng = SeededGenerator(seed: 4009)
        for inst in all {
            let net = try MultilayerPerceptron(widths: inst.widths, activation: inst.activation, loss: .softmaxCrossEntropy)
            let v = (0..<net.parameterCount).map { _ in rng.normal() }
            let back = try net.hessianVectorProduct(inst.theta, direction: v, data: inst.data)
            let forward = try Derivatives.hessianVectorProduct(of: MultilayerPerceptron.MeanLoss(net: net, data: inst.data), at: inst.theta, along: v)
            let scale = max(1, forward.map(abs).max() ?? 0)
            let diff = zip(back, forward).map { abs($0 - $1) }.reduce(0.0, propagatingMax)
            // √p more than the identity's tolerance: each entry of H·v sums p products of Hessian entries and v.
            worst = propagatingMax(worst, diff / scale / (tolerance(inst.widths, n: inst.data.count, epsilon: Double.ulpOfOne) * Double(net.parameterCount).squareRoot()))
        }
        e.add(Figure("hfRoutesAgree", "max over instances of |H_f·v (back-propagation on duals) − H_f·v (nested duals)| / max(1, |H_f·v|), in units of √p times the tolerance",
                     value: worst, tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the network's Hessian, whose second-order term cancels in the identity, is right on its own"))
    }

    /// H_p from forward-over-forward Hessians of each p_i (nested duals, no back-propagation) against route (b).
    static func independentRoute(into e: inout Evidence, _ subset: ArraySlice<Instance>) throws {
        var worst = 0.0
        for inst in subset {
            let net = try MultilayerPerceptron(widths: inst.widths, activation: inst.activation, loss: .softmaxCrossEntropy)
            guard case .classes(let labels) = inst.data.targets else { continue }
            let n = inst.data.count, p = net.parameterCount
            var hp = [Double](repeating: 0, count: p * p)
            for i in 0..<n {
                let f = Probability(net: net, data: inst.data, sample: i, label: labels[i])
                let pi = try f(inst.theta)
                let h = try Derivatives.hessian(of: f, at: inst.theta)
                for k in 0..<(p * p) { hp[k] += h.elements[k] / (Double(n) * pi) }
            }
            let route = try parts(Setup(), widths: inst.widths, activation: inst.activation, data: inst.data, theta: inst.theta)
            let scale = max(route.scale, hp.map(abs).max() ?? 0)
            let diff = zip(hp, route.hp.elements).map { abs($0 - $1) }.max() ?? 0
            worst = propagatingMax(worst, diff / scale / tolerance(inst.widths, n: n, epsilon: Double.ulpOfOne))
        }
        e.add(Figure("hpRoutesAgree", "max over \(subset.count) instances of |H_p (nested-dual Hessians of p_i) − H_p (back-propagation)|, in tolerance units",
                     value: worst, tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: the two routes to H_p, which share no derivative code, agree"))
    }

    /// The paper-size network along SGD on Gauss-10 (D1: z-scored inputs, He initialisation).
    static func production(into e: inout Evidence, _ s: Setup, checkpoints: Int) throws {
        let widths = [50, 10, 30, 10]
        let blobs = try GaussBlobs(samples: 100, classes: 10, dimension: 50, zScore: true, seed: s.seed + 1)
        let data = try blobs.data()
        let net = try MultilayerPerceptron(widths: widths, activation: .relu, loss: .softmaxCrossEntropy)
        var rng = SeededGenerator(seed: s.seed + 2)
        let theta0 = net.heInitialisation(using: &rng)
        let steps = (0..<checkpoints).map { 100 * $0 }
        let iterates = try net.sgdIterates(from: theta0, data: data, eta: 0.1, batch: 5, steps: steps, seed: s.seed + 3)
        var worst = 0.0, smooth = 0
        var notes: [String] = []
        for (t, theta) in zip(steps, iterates) {
            guard try isSmooth(net, theta, data) else { notes.append("t = \(t): near a kink, skipped"); continue }
            smooth += 1
            let r = try parts(s, widths: widths, activation: .relu, data: data, theta: theta)
            let rel = r.residual
            worst = propagatingMax(worst, rel / tolerance(widths, n: 100, epsilon: Double.ulpOfOne))
            notes.append("t = \(t): loss \(String(format: "%.3g", try net.meanLoss(theta, data: data))), relative residual \(String(format: "%.1e", rel))")
        }
        e.add(.count("productionCheckpoints", "SGD checkpoints of [50, 10, 30, 10] (p = 1150) away from kinks", smooth, role: .hypothesis, requirement: .greaterThan(0),
                     note: notes.joined(separator: "; ")))
        e.add(Figure("residual[production]", "max over checkpoints of the relative residual in units of 60(n + Σ widths)ε, p = 1150", value: worst, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the identity holds along training, not only at minima"))
    }

    static func residualPlot(_ residuals: [Double], gaussNewton: [Double], _ all: [Instance]) -> Plot {
        let order = residuals.indices.sorted { residuals[$0] < residuals[$1] }
        let x = order.indices.map { Double($0 + 1) }
        let floor = 1e-18
        let tol = order.map { tolerance(all[$0].widths, n: all[$0].data.count, epsilon: Double.ulpOfOne) }
        return Plot(
            key: "residuals",
            caption: "Relative residual ‖H_f − (M − H_p)‖_max / max entry on every instance (sorted), its derived tolerance, and the same residual with H_f replaced by its Gauss–Newton part (the third control): rounding level against O(10⁻¹). Residuals of exactly 0 are drawn at 10⁻¹⁸.",
            chart: LinePlot(title: "LI-P1: H_f = M − H_p on random networks", xAxis: PlotAxis("instance (sorted by residual)"),
                            yAxis: PlotAxis("relative residual", scale: .log10),
                            series: [PlotSeries("exact H_f", x: x, y: order.map { max(residuals[$0], floor) }, style: .markers, color: 0),
                                     PlotSeries("tolerance 60(n + Σ widths)ε", x: x, y: tol, style: .reference, color: 1),
                                     PlotSeries("Gauss–Newton part only", x: x, y: order.map { max(gaussNewton[$0], floor) }, style: .markers, color: 2)]))
    }
}
