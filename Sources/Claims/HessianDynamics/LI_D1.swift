import Constructions
import Foundation
import Numerics

/// LI-D1 (Definition 1, refuted as printed for networks with biases): the α-scale map θ_l ↦ α_lθ_l with Πα_l = 1 is said to
/// leave a ReLU network's function unchanged. With biases it does not — under the literal reading (the bias inside θ_l
/// scaled by α_l) nor under the charitable one (weights only). The repair scales layer l's bias by α_1⋯α_l.
enum LI_D1 {
    enum Reading: String, Codable, Sendable {
        case literal = "θ_l = (W_l, b_l) ↦ α_lθ_l (biases scaled by α_l)"
        case weightsOnly = "only the weights W_l ↦ α_lW_l (biases unchanged)"
    }

    struct Setup: ClaimSetup {
        var reading = Reading.literal
        var withBiases = true
        var seed: UInt64 = 4004
    }

    static let architectures: [(widths: [Int], activation: MultilayerPerceptron.Activation)] = [
        ([3, 4, 3, 3], .relu), ([3, 4, 3, 3], .leakyReLU(slope: 0.1)), ([50, 10, 30, 10], .relu),
    ]

    static let samples = [SampleCount("instances", "random networks, inputs and α's (α_l log-uniform in [1/8, 8], Πα = 1)", quick: 300, full: 3_000)]

    static let claim = Claim(
        "LI-D1", paper: Papers.hessianDynamics, location: "§6, Definition 1 (Eq. 45)",
        title: "The α-scale map θ_l ↦ α_lθ_l preserves a ReLU network's function only without biases; biases must scale by α_1⋯α_l",
        expected: .refutedAsStated, tiers: [.numerical], keyFigure: "functionChange",
        errata: ["The paper's networks have biases (its parameter counts 1150 and 902 include them), so the printed map changes the function it is meant to preserve."],
        statement: Statement(
            """
            For an L-layer ReLU network with parameters θ = (θ_1, …, θ_L) and α_l > 0 with Πα_l = 1, the map \
            T_α(θ) = (α_1θ_1, …, α_Lθ_L) leaves the network's function unchanged.
            """,
            hypotheses: [
                Hypothesis("the network is a ReLU (or leaky ReLU) network, as the paper's, with biases", field: "withBiases"),
                Hypothesis("Πα_l = 1 (the last α is formed as the reciprocal of the others' product; checked to rounding)"),
                Hypothesis("θ_l is read as stated", field: "reading"),
            ],
            construction: """
                Networks [3, 4, 3, 3] (ReLU, leaky ReLU slope 0.1) and [50, 10, 30, 10] (ReLU) with biases, θ ~ N(0, I), ten \
                inputs x ~ N(0, I) each (seed 4004); α_l log-uniform in [1/8, 8] for l < L and α_L = 1/Π_{l<L}α_l. Compared: \
                max_x |f(Aθ; x) − f(θ; x)| / (1 + max|f(θ; x)|), against 60·(Σ widths)·ε (LAPACK's 60 for the forward pass's \
                sums of that depth, and the scaling's own rounding).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.sanity(name: "bias-free network", """
                Without biases both readings are the same map and it is exact: the check accepts it.
                """) { $0.withBiases = false }]),
        repair: .inline(repairStatement))

    /// max over instances of the output change relative to 1 + max|f|, in units of 60(Σ widths)ε; and Π α − 1.
    static func outputChange<T: RealFloat>(_: T.Type, seed: UInt64, count: Int, withBiases: Bool,
                                           scales: (_ alphas: [T], _ widths: [Int]) throws -> [T],
                                           activationOverride: MultilayerPerceptron.Activation? = nil, product: Double = 1) throws -> (units: Double, relative: Double, productError: Double) {
        var rng = SeededGenerator(seed: seed)
        var worstUnits = 0.0, worstRel = 0.0, productError = 0.0
        for i in 0..<count {
            let arch = architectures[i % architectures.count]
            let net = try MultilayerPerceptron(widths: arch.widths, activation: activationOverride ?? arch.activation, loss: .softmaxCrossEntropy)
            var theta = (0..<net.parameterCount).map { _ in rng.normal() }
            if !withBiases {
                var o = 0
                for l in 1..<arch.widths.count { o += arch.widths[l] * arch.widths[l - 1]; for r in 0..<arch.widths[l] { theta[o + r] = 0 }; o += arch.widths[l] }
            }
            let x = (0..<10).map { _ in (0..<arch.widths[0]).map { _ in rng.normal() } }
            let data = try MultilayerPerceptron.Data(inputs: x, classes: [Int](repeating: 0, count: 10), classCount: arch.widths.last!)
            let free = (0..<(arch.widths.count - 2)).map { _ in T(Double.pow(8, 2 * rng.uniform() - 1)) }
            let alphas = free + [T(product) / free.reduce(T.one, *)]
            productError = max(productError, Double(abs(alphas.reduce(T.one, *) - T(product))))
            let a = try scales(alphas, arch.widths)
            let th = theta.map { T($0) }
            let moved = zip(a, th).map { $0 * $1 }
            var change = T.zero, size = T.zero
            for k in 0..<10 {
                let f0 = try net.outputs(th, data: data, sample: k), f1 = try net.outputs(moved, data: data, sample: k)
                for (u, v) in zip(f0, f1) { change = max(change, abs(u - v)); size = max(size, abs(u)) }
            }
            let rel = Double(change / (T.one + size))
            worstRel = max(worstRel, rel)
            worstUnits = max(worstUnits, rel / (60 * Double(arch.widths.reduce(0, +)) * Double(T.ulpOfOne)))
        }
        return (worstUnits, worstRel, productError)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let r = try outputChange(Double.self, seed: s.seed, count: try context.count("instances"), withBiases: s.withBiases) { alphas, widths in
            let literal = try AlphaScaling.coordinateScales(alphas: alphas, biasRule: .naive, widths: widths)
            guard s.reading == .weightsOnly else { return literal }
            // Weights scaled, biases left alone.
            var out = literal, o = 0
            for l in 1..<widths.count { o += widths[l] * widths[l - 1]; for k in 0..<widths[l] { out[o + k] = 1 }; o += widths[l] }
            return out
        }
        e.add(Figure("alphaProduct", "max |Πα_l − 1| over instances", value: r.productError, tier: .numerical, role: .hypothesis,
                     requirement: .atMost(4 * Double.ulpOfOne), tolerance: .absolute(4 * Double.ulpOfOne), note: "Πα = 1 to rounding (a few ulps)"))
        e.add(Figure("functionChange", "max over instances of max_x|f(T_α(θ); x) − f(θ; x)| / (1 + max|f|), in units of 60(Σ widths)ε", value: r.units,
                     tier: .numerical, requirement: .atMost(1), tolerance: .relative(1e-6),
                     note: "> 1 refutes: relative change \(String(format: "%.3g", r.relative)) (catalog SIM-2: 1.59 for the literal reading)"))
        if s == Setup() {
            var charitable = s
            charitable.reading = .weightsOnly
            let c = try check(charitable, context)
            if let f = c.figures.first(where: { $0.key == "functionChange" }) {
                e.add(Figure("functionChange[weightsOnly]", "the same with only the weights scaled (the charitable reading)", value: f.value, tier: .numerical,
                             tolerance: .relative(1e-6), note: "reported: the charitable reading fails too (a bias added to α_1W_1x is not α_1 times the old pre-activation)"))
            }
        }
        e.summary = "The printed map (either reading) changes the outputs of ReLU networks with biases."
        return e
    }

    // MARK: repair

    struct RepairSetup: ClaimSetup {
        var biasRule = AlphaScaling.BiasRule.cumulative
        var activation = "homogeneous"
        var alphaProduct = 1.0
        var seed: UInt64 = 4004
    }

    static let repairStatement = Statement(
        """
        With layer l's weights scaled by α_l and its bias by the cumulative product α_1⋯α_l (Πα_l = 1), a ReLU or leaky ReLU \
        network with biases computes the same function: the pre-activations of layer l scale by α_1⋯α_l and the activation is \
        positively homogeneous.
        """,
        hypotheses: [Hypothesis("biases scale by the cumulative product", field: "biasRule"),
                     Hypothesis("the activation is positively homogeneous", field: "activation"),
                     Hypothesis("Πα_l = 1", field: "alphaProduct")],
        construction: "The same instances; outputs compared in Double and in Float80 (α_L formed in each precision).",
        setup: RepairSetup(), samples: samples, check: repairCheck,
        controls: [
            .dropping("activation", name: "tanh network", "tanh is not positively homogeneous: the outputs change.") { $0.activation = "tanh" },
            .dropping("alphaProduct", name: "Πα = 2", "The outputs double.") { $0.alphaProduct = 2 },
        ])

    static func repairCheck(_ s: RepairSetup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let count = try context.count("instances")
        let override: MultilayerPerceptron.Activation? = s.activation == "tanh" ? .tanh : nil
        let d = try outputChange(Double.self, seed: s.seed, count: count, withBiases: true, scales: { try AlphaScaling.coordinateScales(alphas: $0, biasRule: s.biasRule, widths: $1) },
                                 activationOverride: override, product: s.alphaProduct)
        e.add(Figure("functionChange[Double]", "max relative output change in units of 60(Σ widths)ε, Double", value: d.units, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the function is preserved (relative change \(String(format: "%.2e", d.relative)); catalog SIM-2: 8.9e-16)"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let w = try outputChange(Float80.self, seed: s.seed, count: count, withBiases: true, scales: { try AlphaScaling.coordinateScales(alphas: $0, biasRule: s.biasRule, widths: $1) },
                                 activationOverride: override, product: s.alphaProduct)
        e.add(Figure("functionChange[Float80]", "the same in Float80 (units of 60(Σ widths)ε_80)", value: w.units, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: preserved to Float80 rounding (relative change \(String(format: "%.2e", w.relative)))"))
        #endif
        e.summary = "With the cumulative bias scaling the function is preserved to rounding."
        return e
    }
}
