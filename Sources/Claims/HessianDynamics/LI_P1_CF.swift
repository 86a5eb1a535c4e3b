import Constructions
import Foundation
import Numerics

/// LI-P1-CF (a closed-form companion of Proposition 1): for softmax cross-entropy the gradient, H_f, M and H_p have closed
/// forms in the output Jacobian J, r = q − e_y, S = diag(q) − qqᵀ and the network curvature R = Σ_c r_c Hess φ_c, and for a
/// ReLU network R consists of cross-layer blocks only, each a product of a back-propagated r, a layer-to-layer Jacobian and
/// a post-activation. The closed forms are a second route to the matrices of LI-P1 that shares no code with the automatic
/// differentiation there.
enum LI_P1_CF {
    struct Setup: ClaimSetup {
        var activation = LI_C3.Activation.homogeneous
        /// R = Σ_c r_c Hess φ_c included in H_f (the cross-layer blocks).
        var crossLayerTerms = true
        var seed: UInt64 = 4010
    }

    static let architectures: [[Int]] = [[3, 4, 3, 3], [2, 5, 4, 2], [3, 5, 4, 4, 3]]

    static let samples = [SampleCount("instances", "random networks, parameters and data sets (ReLU and leaky ReLU in turn)", quick: 60, full: 600)]

    static let claim = Claim(
        "LI-P1-CF", paper: Papers.hessianDynamics, location: "§3–4 (harness addition to Proposition 1)",
        title: "Closed forms of ∇f, H_f, M and H_p for softmax cross-entropy, with the cross-layer curvature of ReLU networks",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "hessian[Double]",
        errata: ["Not a statement of the paper: the closed forms its Proposition 1 and Eq. 21 rely on, made explicit so the identity has a route independent of automatic differentiation."],
        statement: Statement(
            """
            For softmax cross-entropy with logits φ(θ; x) and q = softmax(φ), r = q − e_y, S = diag(q) − qqᵀ, J = ∂φ/∂θ, each \
            sample has ∇f = Jᵀr, Hess f = JᵀSJ + Σ_c r_c Hess φ_c, ∇f∇fᵀ = JᵀrrᵀJ and Hess p/p = Jᵀ(rrᵀ − S)J − Σ_c r_c Hess φ_c. \
            For a network with a piecewise-linear activation, away from kinks, Σ_c r_c Hess φ_c vanishes inside each layer and \
            between layers l < l′ has the entries ρ_l′[c′]·(∂h_{l′−1}[d′]/∂z_l[a])·h_{l−1}[b] at (W_l[a, b], W_l′[c′, d′]) \
            (with 1 for h_{l−1}[b] at the bias b_l[a], and nothing at the biases of l′), where ρ_l′ is r back-propagated to \
            layer l′'s pre-activations.
            """,
            hypotheses: [
                Hypothesis("the activation is piecewise linear (ReLU, leaky ReLU), evaluated away from kinks (C4, checked)", field: "activation"),
                Hypothesis("H_f includes the cross-layer curvature Σ_c r_c Hess φ_c", field: "crossLayerTerms"),
            ],
            construction: """
                Networks [3, 4, 3, 3], [2, 5, 4, 2] and [3, 5, 4, 4, 3] with biases, ReLU and leaky ReLU (slope 0.1) in turn; θ ~ \
                N(0, s²I), s ∈ [0.3, 1.5]; x_i ~ N(0, σ²I), σ ∈ [0.3, 3]; n ∈ [3, 20], labels uniform (seed 4010); draws with a \
                pre-activation within 10⁻⁹(1 + max|z|) of 0 are redrawn (C4). Closed forms from the network's own forward pass and \
                back-propagated vectors (k Jacobian rows, one ρ, layer-to-layer Jacobians), against: H_f by forward-over-reverse \
                differentiation, ∇f by reverse mode, M from reverse-mode per-sample gradients, H_p by forward-over-reverse \
                differentiation of Σ_i(−q_{y_i})/(n q_{y_i}) with frozen weights (LI-P1's route). On the paper network \
                [50, 10, 30, 10] (p = 1150, Gauss-10, n = 100, z-scored, He initialisation) at steps 0 and 300 of SGD. \
                Tolerance: 60·(n + Σ widths)·ε times the largest entry among the matrices compared (LAPACK's 60 for sums of \
                that depth), in Double and in Float80 on exactly converted data.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("crossLayerTerms", name: "Gauss–Newton only", """
                    H_f := (1/n)ΣJᵀSJ: the cross-layer blocks of a ReLU network are not zero, so the closed form misses H_f by O(1).
                    """) { $0.crossLayerTerms = false },
                .dropping("activation", name: "tanh network", """
                    tanh has curvature: Hess φ_c has blocks inside each layer and extra cross-layer terms the piecewise-linear \
                    formula omits.
                    """) { $0.activation = .tanh },
            ]))

    struct Instance { let net: MultilayerPerceptron; let data: MultilayerPerceptron.Data; let theta: [Double] }

    static func instances(_ s: Setup, count: Int) throws -> [Instance] {
        var rng = SeededGenerator(seed: s.seed)
        var out: [Instance] = [], redraws = 0
        while out.count < count {
            let widths = architectures[out.count % architectures.count]
            let activation: MultilayerPerceptron.Activation = s.activation == .tanh ? .tanh : ((out.count / architectures.count) % 2 == 0 ? .relu : .leakyReLU(slope: 0.1))
            let net = try MultilayerPerceptron(widths: widths, activation: activation, loss: .softmaxCrossEntropy)
            let n = 3 + Int(rng.next() % 18)
            let scale = 0.3 + 1.2 * rng.uniform(), sigma = 0.3 + 2.7 * rng.uniform()
            let k = widths.last!
            let x = (0..<n).map { _ in (0..<widths[0]).map { _ in sigma * rng.normal() } }
            let y = (0..<n).map { _ in Int(rng.next() % UInt64(k)) }
            let data = try MultilayerPerceptron.Data(inputs: x, classes: y, classCount: k)
            let theta = (0..<net.parameterCount).map { _ in scale * rng.normal() }
            guard try LI_P1.isSmooth(net, theta, data) else {
                redraws += 1
                guard redraws <= 100 * count else { throw NumericsError.invalidArgument(operation: "LI-P1-CF instances", detail: "\(redraws) draws near a kink") }
                continue
            }
            out.append(Instance(net: net, data: data, theta: theta))
        }
        return out
    }

    struct Agreement { var hessian = 0.0, gradient = 0.0, moment = 0.0, hp = 0.0, curvatureShare: [Double] = [] }

    /// Closed forms against automatic differentiation on one instance, in precision T; each entry in tolerance units.
    static func compare<T: RealFloat>(_ s: Setup, _ inst: Instance, _: T.Type, into a: inout Agreement, withHp: Bool) throws {
        let theta = inst.theta.map { T($0) }
        let cf = try SoftmaxCrossEntropyClosedForms(net: inst.net, theta: theta, data: inst.data)
        let closed = s.crossLayerTerms ? try cf.hessian : cf.gaussNewton
        let exact = try inst.net.hessian(theta, data: inst.data)
        let (_, gradient) = try inst.net.lossAndGradient(theta, data: inst.data)
        let g = try inst.net.sampleGradients(theta, data: inst.data)
        let n = inst.data.count, p = inst.net.parameterCount
        var moment = [T](repeating: .zero, count: p * p)
        for i in 0..<n { for x in 0..<p { for y in 0..<p { moment[x * p + y] += g.elements[i * p + x] * g.elements[i * p + y] / T(n) } } }
        let scale = [exact.maxAbs, cf.gaussNewton.maxAbs, cf.networkCurvature.maxAbs, cf.secondMoment.maxAbs].reduce(T.zero, propagatingMax)
        let tol = T(LI_P1.tolerance(inst.net.widths, n: n, epsilon: Double(T.ulpOfOne))) * scale
        func units(_ x: [T], _ y: [T]) -> Double { Double(zip(x, y).map { Swift.abs($0 - $1) }.reduce(T.zero, propagatingMax) / tol) }
        a.hessian = propagatingMax(a.hessian, units(closed.elements, exact.elements))
        a.gradient = propagatingMax(a.gradient, units(cf.gradient, gradient))
        a.moment = propagatingMax(a.moment, units(cf.secondMoment.elements, moment))
        if withHp {
            let hpClosed = s.crossLayerTerms ? try cf.probabilityCurvature : try cf.secondMoment.subtracting(cf.gaussNewton)
            let route = try LI_P1.parts(LI_P1.Setup(), widths: inst.net.widths, activation: inst.net.activation, data: inst.data, theta: theta)
            a.hp = propagatingMax(a.hp, units(hpClosed.elements, route.hp.elements))
        }
        a.curvatureShare.append(Double(cf.networkCurvature.frobeniusNorm / cf.gaussNewton.frobeniusNorm))
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let all = try instances(s, count: try context.count("instances"))
        var d = Agreement()
        for inst in all { try compare(s, inst, Double.self, into: &d, withHp: true) }
        e.add(Figure("hessian[Double]", "max over instances of |H_f (closed form) − H_f (forward over reverse)|, in units of 60(n + Σ widths)ε·max entry",
                     value: d.hessian, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the closed form is the Hessian, cross-layer blocks included"))
        e.add(Figure("gradient", "the same for ∇f = (1/n)ΣJᵀr against reverse mode", value: d.gradient, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1"))
        e.add(Figure("secondMoment", "the same for M = (1/n)ΣJᵀrrᵀJ against reverse-mode per-sample gradients", value: d.moment, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1"))
        e.add(Figure("probabilityCurvature", "the same for H_p = (1/n)Σ(Jᵀ(rrᵀ − S)J − R) against LI-P1's differentiated Σ_i −q_{y_i}/(n q_{y_i})", value: d.hp,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: so H_f = M − H_p holds by a route without automatic differentiation"))
        let shares = d.curvatureShare.sorted()
        e.add(Figure("curvatureShare", "median over instances of ‖R‖_F / ‖(1/n)ΣJᵀSJ‖_F", value: shares[shares.count / 2], tier: .numerical, role: .reported,
                     tolerance: .relative(1e-6), note: "the cross-layer part is not small: dropping it cannot pass (range \(String(format: "%.2g", shares.first!))–\(String(format: "%.2g", shares.last!)))"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        var w = Agreement()
        for inst in all.prefix(20) { try compare(s, inst, Float80.self, into: &w, withHp: false) }
        e.add(Figure("hessian[Float80]", "H_f closed form against forward over reverse in Float80 on 20 instances, in units of 60(n + Σ widths)ε_80·max entry",
                     value: w.hessian, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: agreement at Float80's rounding, not only Double's"))
        #endif
        if s == Setup() { try production(into: &e, s) }
        e.summary = "The closed forms of ∇f, H_f, M and H_p — with the cross-layer curvature of ReLU networks — equal the automatically differentiated matrices to rounding."
        return e
    }

    /// The paper network at steps 0 and 300 of SGD on Gauss-10 (D1).
    static func production(into e: inout Evidence, _ s: Setup) throws {
        let blobs = try GaussBlobs(samples: 100, classes: 10, dimension: 50, zScore: true, seed: s.seed + 1)
        let data = try blobs.data()
        let net = try MultilayerPerceptron(widths: [50, 10, 30, 10], activation: .relu, loss: .softmaxCrossEntropy)
        var rng = SeededGenerator(seed: s.seed + 2)
        let iterates = try net.sgdIterates(from: net.heInitialisation(using: &rng), data: data, eta: 0.1, batch: 5, steps: [0, 300], seed: s.seed + 3)
        var a = Agreement(), checked = 0
        for theta in iterates {
            guard try LI_P1.isSmooth(net, theta, data) else { continue }
            checked += 1
            try compare(s, Instance(net: net, data: data, theta: theta), Double.self, into: &a, withHp: false)
        }
        e.add(.count("productionPoints", "SGD iterates of [50, 10, 30, 10] (steps 0 and 300) away from kinks", checked, role: .hypothesis, requirement: .greaterThan(0),
                     note: "> 0: C4 holds at the points compared"))
        e.add(Figure("hessian[production]", "the Hessian comparison on the paper network (p = 1150, n = 100)", value: a.hessian, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1; cross-layer share ‖R‖_F/‖GN‖_F = \(a.curvatureShare.map { String(format: "%.2g", $0) }.joined(separator: ", "))"))
    }
}
