import Numerics
import TestSupport
import Testing

/// Reverse-mode gradients and forward-over-reverse Hessian-vector products of `MultilayerPerceptron` against the
/// forward-mode routes of `Derivatives` (n forward passes for the gradient, nested duals for ∇²L·v), which share no
/// code with back-propagation. Tolerance (LAPACK style): |difference|_∞ ≤ 60·K·ε·max(1, |reference|_∞), K = the depth
/// of the longest sum (Σ widths + n terms), 60 being LAPACK's residual threshold for O(K)-term computations.
@Suite("Multilayer perceptron: reverse mode and forward over reverse")
struct MultilayerPerceptronTests {

    static let cases: [(widths: [Int], activation: MultilayerPerceptron.Activation, loss: MultilayerPerceptron.Loss)] = [
        ([3, 5, 2], .tanh, .squared), ([4, 6, 5, 3], .relu, .softmaxCrossEntropy), ([3, 4, 4, 1], .leakyReLU(slope: 0.1), .squared),
        ([5, 7, 3], .tanh, .softmaxCrossEntropy), ([2, 3, 3, 3, 2], .relu, .squared),
    ]

    static func instance(_ c: (widths: [Int], activation: MultilayerPerceptron.Activation, loss: MultilayerPerceptron.Loss), n: Int, seed: UInt64)
        throws -> (MultilayerPerceptron, MultilayerPerceptron.Data, [Double]) {
        let net = try MultilayerPerceptron(widths: c.widths, activation: c.activation, loss: c.loss)
        var rng = SeededGenerator(seed: seed)
        let x = (0..<n).map { _ in (0..<c.widths[0]).map { _ in rng.normal() } }
        let k = c.widths.last!
        let data = c.loss == .squared
            ? try MultilayerPerceptron.Data(inputs: x, values: (0..<n).map { _ in (0..<k).map { _ in rng.normal() } })
            : try MultilayerPerceptron.Data(inputs: x, classes: (0..<n).map { _ in Int(rng.next() % UInt64(k)) }, classCount: k)
        let theta = (0..<net.parameterCount).map { _ in rng.normal() }
        return (net, data, theta)
    }

    static func tolerance(_ net: MultilayerPerceptron, n: Int, reference: [Double], epsilon: Double = Double.ulpOfOne) -> Double {
        60 * Double(net.widths.reduce(0, +) + n) * epsilon * max(1, reference.map(abs).max() ?? 0)
    }

    @Test("reverse-mode gradient = forward-mode gradient; HVP = forward-over-forward HVP; 5 architectures × 4 seeds")
    func agreesWithForwardMode() throws {
        for (ci, c) in Self.cases.enumerated() {
            for seed in UInt64(0)..<4 {
                let s = 9000 + UInt64(ci) * 10 + seed
                let (net, data, theta) = try Self.instance(c, n: 7, seed: s)
                let f = MultilayerPerceptron.MeanLoss(net: net, data: data)
                let (loss, g) = try net.lossAndGradient(theta, data: data)
                #expect(abs(loss - (try net.meanLoss(theta, data: data))) <= 8 * Double(7) * Double.ulpOfOne * abs(loss), "seed \(s)")
                let gf = try Derivatives.gradient(of: f, at: theta)
                let tg = Self.tolerance(net, n: 7, reference: gf)
                #expect(zip(g, gf).allSatisfy { abs($0 - $1) <= tg }, "seed \(s) \(c.widths) \(c.activation): gradient")
                var rng = SeededGenerator(seed: s + 1)
                let v = (0..<net.parameterCount).map { _ in rng.normal() }
                let hv = try net.hessianVectorProduct(theta, direction: v, data: data)
                let hf = try Derivatives.hessianVectorProduct(of: f, at: theta, along: v)
                let th = Self.tolerance(net, n: 7, reference: hf) * Double(net.parameterCount).squareRoot()
                #expect(zip(hv, hf).allSatisfy { abs($0 - $1) <= th }, "seed \(s) \(c.widths) \(c.activation): HVP, max diff \(zip(hv, hf).map { abs($0 - $1) }.max()!) vs \(th)")
                // The check can fail: the HVP at a point moved by 10⁻³ in one coordinate differs beyond the tolerance.
                var moved = theta
                moved[0] += 1e-3
                let hvMoved = try net.hessianVectorProduct(moved, direction: v, data: data)
                if c.activation == .tanh { #expect(zip(hvMoved, hf).contains { abs($0 - $1) > th }, "seed \(s): a moved point went unnoticed") }
            }
        }
    }

    @Test("per-sample gradients average to the gradient; the Hessian's columns are HVPs with e_j and it is symmetric")
    func sampleGradientsAndHessian() throws {
        let (net, data, theta) = try Self.instance(Self.cases[0], n: 6, seed: 9100)
        let rows = try net.sampleGradients(theta, data: data)
        let g = try net.lossAndGradient(theta, data: data).gradient
        let tol = Self.tolerance(net, n: 6, reference: g)
        for k in 0..<net.parameterCount {
            let mean = (0..<6).reduce(0.0) { $0 + rows[$1, k] } / 6
            #expect(abs(mean - g[k]) <= tol)
        }
        let h = try net.hessian(theta, data: data)
        #expect(try h.maxAsymmetry() == 0)
        let e3 = (0..<net.parameterCount).map { $0 == 3 ? 1.0 : 0 }
        let col = try net.hessianVectorProduct(theta, direction: e3, data: data)
        let th = Self.tolerance(net, n: 6, reference: col)
        for i in 0..<net.parameterCount { #expect(abs(h[i, 3] - col[i]) <= th) }
    }

    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    @Test("Double and Float80 HVPs on exactly converted data agree within the Double tolerance")
    func precisions() throws {
        for (ci, c) in Self.cases.enumerated() {
            let (net, data, theta) = try Self.instance(c, n: 5, seed: 9200 + UInt64(ci))
            var rng = SeededGenerator(seed: 9300 + UInt64(ci))
            let v = (0..<net.parameterCount).map { _ in rng.normal() }
            let hv = try net.hessianVectorProduct(theta, direction: v, data: data)
            let wide = try net.hessianVectorProduct(theta.map { Float80($0) }, direction: v.map { Float80($0) }, data: data).map { Double($0) }
            let tol = Self.tolerance(net, n: 5, reference: wide) * Double(net.parameterCount).squareRoot()
            #expect(zip(hv, wide).allSatisfy { abs($0 - $1) <= tol }, "\(c.widths)")
        }
    }
    #endif

    @Test("softmax cross-entropy with logits ±800 stays finite (log-sum-exp); the loss equals its closed form")
    func extremeLogits() throws {
        let net = try MultilayerPerceptron(widths: [1, 3], activation: .relu, loss: .softmaxCrossEntropy)
        let data = try MultilayerPerceptron.Data(inputs: [[1.0]], classes: [2], classCount: 3)
        // W = 0, b = (800, −800, 0): ℓ = log(e^800 + e^−800 + 1) − 0 = 800 + log(1 + e^−800 + e^−1600) = 800 exactly in Double.
        let theta = [0.0, 0, 0, 800, -800, 0]
        let (loss, g) = try net.lossAndGradient(theta, data: data)
        #expect(loss == 800)
        #expect(g.allSatisfy(\.isFinite) && g[3] == 1 && g[5] == -1)
    }

    @Test("bad input: shapes, labels out of range, non-finite data, invalid widths or slope, a ReLU kink for the Hessian")
    func badInput() throws {
        #expect(thrownKind { try MultilayerPerceptron(widths: [3], activation: .relu, loss: .squared) } == "invalidArgument")
        #expect(thrownKind { try MultilayerPerceptron(widths: [3, 0, 1], activation: .relu, loss: .squared) } == "invalidArgument")
        #expect(thrownKind { try MultilayerPerceptron(widths: [3, 1], activation: .relu, loss: .softmaxCrossEntropy) } == "invalidArgument")
        #expect(thrownKind { try MultilayerPerceptron(widths: [3, 2], activation: .leakyReLU(slope: 1.5), loss: .squared) } == "invalidArgument")
        #expect(thrownKind { try MultilayerPerceptron.Data(inputs: [[1.0]], classes: [3], classCount: 3) } == "invalidArgument")
        #expect(thrownKind { try MultilayerPerceptron.Data(inputs: [[1.0], [2.0, 3.0]], values: [[1.0], [2.0]]) } == "dimensionMismatch")
        #expect(thrownKind { try MultilayerPerceptron.Data(inputs: [[.nan]], values: [[1.0]]) } == "nonFinite")
        #expect(thrownKind { try MultilayerPerceptron.Data(inputs: [], values: []) } == "empty")
        let net = try MultilayerPerceptron(widths: [2, 3, 2], activation: .relu, loss: .softmaxCrossEntropy)
        let data = try MultilayerPerceptron.Data(inputs: [[1.0, 2.0]], classes: [1], classCount: 2)
        #expect(thrownKind { try net.lossAndGradient([1.0, 2.0], data: data) } == "dimensionMismatch")
        let squaredData = try MultilayerPerceptron.Data(inputs: [[1.0, 2.0]], values: [[1.0, 0.0]])
        #expect(thrownKind { try net.meanLoss([Double](repeating: 0.1, count: net.parameterCount), data: squaredData) } == "dimensionMismatch")
        // First-layer weights and biases zero: every hidden pre-activation is exactly 0, a kink.
        let kink = [Double](repeating: 0, count: 9) + [Double](repeating: 0.5, count: net.parameterCount - 9)
        #expect(thrownKind { try net.hessian(kink, data: data) } == "invalidArgument")
        #expect(thrownKind { try net.hessianVectorProduct(kink, direction: kink, data: data) } == "invalidArgument")
        #expect(thrownKind { try net.hessianVectorProduct([Double](repeating: 0.3, count: net.parameterCount), direction: [1.0], data: data) } == "dimensionMismatch")
    }
}
