import Constructions
import Foundation
import Numerics

/// LI-EQ21 (Eq. 21): each layer's diagonal Hessian block G_h (weights and biases of layer h together) is positive
/// semi-definite. True for piecewise-linear activations — the logits are affine in one layer's parameters at a fixed
/// activation pattern, so the block is its Gauss–Newton part JᵀSJ — and false in the hidden layers of a tanh network.
enum LI_EQ21 {
    typealias Setup = LI_X_DIAG.Setup

    static let samples = [SampleCount("instances", "random networks, parameters and data sets (LI-P1-CF's sampler)", quick: 60, full: 600)]

    static let claim = Claim(
        "LI-EQ21", paper: Papers.hessianDynamics, location: "§4.4, Eq. 21 and Fig. 5",
        title: "Every layer-wise diagonal block of H_f is PSD (piecewise-linear activations)",
        expected: .holds, tiers: [.numerical], keyFigure: "negativity",
        errata: [
            "Eq. 21 drops the average over samples: it holds per sample, and so for the mean.",
            "The paper does not say why the block equals its Gauss–Newton part: at a fixed ReLU pattern the logits are affine in a single layer's parameters. For tanh hidden layers the block is indefinite; the output layer's block is PSD for any activation.",
            "'H_h, the Hessian of the sub-network from layer h' is read as the principal sub-matrix of H_f over layers h…L (the only reading with H_L = G_L).",
        ],
        statement: Statement(
            """
            For a network with a piecewise-linear activation and softmax cross-entropy, away from kinks, the diagonal block \
            G_h of H_f over layer h's parameters (W_h, b_h) equals (1/n)Σ_i J_{i,h}ᵀS_iJ_{i,h}, with J_{i,h} the logits' Jacobian \
            in those parameters and S_i = diag(q_i) − q_iq_iᵀ ⪰ 0, and is therefore positive semi-definite.
            """,
            hypotheses: [Hypothesis("the activation is piecewise linear (ReLU, leaky ReLU), away from kinks (C4, checked)", field: "activation")],
            construction: """
                LI-P1-CF's networks ([3, 4, 3, 3], [2, 5, 4, 2], [3, 5, 4, 4, 3]; ReLU and leaky ReLU; seed 4011), H_f by \
                forward-over-reverse differentiation, its blocks' eigenvalues by Jacobi; the Gauss–Newton blocks from the closed \
                forms. Negativity: −λ_min(G_h) in units of 60·m_h·(n + Σ widths + 1)·ε·max|H_f| (m_h the block size: an entry \
                error of 60(n + Σ widths)ε·max|H_f| moves an eigenvalue by at most m_h times it, plus Jacobi's own 60·m_h·ε). \
                The paper network [50, 10, 30, 10] at step 300 of SGD on Gauss-10 (D1) too.
                """,
            setup: Setup(seed: 4011), samples: samples, check: check,
            controls: [.dropping("activation", name: "tanh network", """
                tanh hidden layers have curvature: their blocks get negative eigenvalues of the size of the positive ones.
                """) { $0.activation = .tanh }]))

    /// The index ranges of (W_l, b_l) for each layer l = 1…L (C3 order).
    static func blocks(_ widths: [Int]) -> [Range<Int>] {
        var out: [Range<Int>] = [], o = 0
        for l in 1..<widths.count {
            let size = widths[l] * widths[l - 1] + widths[l]
            out.append(o..<(o + size)); o += size
        }
        return out
    }

    static func block(_ h: Matrix<Double>, _ r: Range<Int>) throws -> Matrix<Double> {
        try Matrix(rows: r.count, columns: r.count, elements: r.flatMap { i in r.map { h[i, $0] } })
    }

    struct Blocks { var negativity = 0.0, hiddenNegativity = 0.0, outputNegativity = 0.0, gaussNewton = 0.0, hiddenRatio = 0.0 }

    static func analyse(_ net: MultilayerPerceptron, _ theta: [Double], _ data: MultilayerPerceptron.Data, into b: inout Blocks) throws {
        let h = try net.hessian(theta, data: data)
        let gn = try SoftmaxCrossEntropyClosedForms(net: net, theta: theta, data: data).gaussNewton
        let entryTol = LI_P1.tolerance(net.widths, n: data.count, epsilon: Double.ulpOfOne)
        let scale = max(h.maxAbs, gn.maxAbs)
        let ranges = blocks(net.widths)
        for (l, r) in ranges.enumerated() {
            let g = try block(h, r)
            let values = r.count > 64 ? try TridiagonalQREigendecomposition(g, selection: .valuesOnly).eigenvalues : try SymmetricEigendecomposition(g).eigenvalues
            let lo = values.min()!, hi = values.map(abs).max()!
            let tol = 60 * Double(r.count) * Double(data.count + net.widths.reduce(0, +) + 1) * Double.ulpOfOne * scale
            let neg = max(0, -lo) / tol
            b.negativity = propagatingMax(b.negativity, neg)
            if l == ranges.count - 1 { b.outputNegativity = propagatingMax(b.outputNegativity, neg) } else {
                b.hiddenNegativity = propagatingMax(b.hiddenNegativity, neg)
                b.hiddenRatio = propagatingMax(b.hiddenRatio, hi > 0 ? max(0, -lo) / hi : 0)
            }
            var diff = 0.0
            for i in r { for j in r { diff = propagatingMax(diff, abs(h[i, j] - gn[i, j])) } }
            b.gaussNewton = propagatingMax(b.gaussNewton, diff / (entryTol * scale))
        }
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var cf = LI_P1_CF.Setup()
        cf.activation = s.activation; cf.seed = s.seed
        var b = Blocks()
        for inst in try LI_P1_CF.instances(cf, count: try context.count("instances")) { try analyse(inst.net, inst.theta, inst.data, into: &b) }
        e.add(Figure("negativity", "max over instances and layers of −λ_min(G_h), in units of 60·m_h·(n + Σ widths + 1)·ε·max|H_f|", value: b.negativity, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: every block is PSD to rounding (catalog SIM-1: λ_min/λ_max from −4.4e-15 to −5.9e-17)"))
        e.add(Figure("blockIsGaussNewton", "max over instances of |G_h − (1/n)ΣJ_hᵀSJ_h| entrywise, in units of 60(n + Σ widths)ε·max|H_f|", value: b.gaussNewton,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the reason — each block is its Gauss–Newton part"))
        e.add(Figure("hiddenNegativeRatio", "max over instances of −λ_min/max|λ| on hidden-layer blocks", value: b.hiddenRatio, tier: .numerical, role: .reported,
                     tolerance: .absolute(1e-3), note: "catalog SIM-1 for tanh: 1.00 and 0.34; ≈ 0 for ReLU"))
        e.add(Figure("outputNegativity", "the output layer's blocks alone: −λ_min in tolerance units", value: b.outputNegativity, tier: .numerical, role: .reported,
                     tolerance: .absolute(0.5), note: "≤ 1 for any activation (the logits are linear in the last layer)"))
        if s == Setup(seed: 4011) {
            let blobs = try GaussBlobs(samples: 100, classes: 10, dimension: 50, zScore: true, seed: s.seed + 1)
            let data = try blobs.data()
            let net = try MultilayerPerceptron(widths: [50, 10, 30, 10], activation: .relu, loss: .softmaxCrossEntropy)
            var rng = SeededGenerator(seed: s.seed + 2)
            let theta = try net.sgdIterates(from: net.heInitialisation(using: &rng), data: data, eta: 0.1, batch: 5, steps: [300], seed: s.seed + 3)[0]
            guard try LI_P1.isSmooth(net, theta, data) else { throw NumericsError.invalidArgument(operation: "LI-EQ21", detail: "the production iterate sits near a kink") }
            var p = Blocks()
            try analyse(net, theta, data, into: &p)
            e.add(Figure("negativity[production]", "the same on [50, 10, 30, 10] after 300 SGD steps (blocks of 510, 330, 310)", value: p.negativity, tier: .numerical,
                         requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1"))
        }
        e.summary = "Every layer's Hessian block is positive semi-definite to rounding and equals its Gauss–Newton part, on small networks and the paper network."
        return e
    }
}
