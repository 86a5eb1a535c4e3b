import Numerics

/// The paper's linear network f(x; θ) = w₄ᵀW₃W₂W₁x (widths d → m → m → m → 1, no biases; p = md + 2m² + m) on Gaussian
/// inputs with the teacher f*(x) = Σx_i/d, in Double, with exact per-sample gradients by back-propagation (the
/// tangent features g_i = ∇_θ f(x_i; θ)), trained by mini-batch SGD with replacement. The parameters are laid out as
/// [W₁ (m × d, row-major), W₂ (m × m), W₃ (m × m), w₄ (m)].
public struct DeepLinearNetwork: Sendable {
    public let inputDimension: Int
    public let width: Int
    public var parameterCount: Int { width * inputDimension + 2 * width * width + width }

    public init(inputDimension d: Int, width m: Int) throws {
        guard d >= 1, m >= 1 else { throw NumericsError.invalidArgument(operation: "DeepLinearNetwork", detail: "need d, m ≥ 1, got d = \(d), m = \(m)") }
        inputDimension = d; width = m
    }

    /// PyTorch's default initialisation of a linear layer: entries uniform on ±1/√(fan_in).
    public func initialParameters(using rng: inout SeededGenerator) -> [Double] {
        let d = inputDimension, m = width
        func block(_ count: Int, fanIn: Int) -> [Double] { (0..<count).map { _ in (2 * rng.uniform() - 1) / Double(fanIn).squareRoot() } }
        return block(m * d, fanIn: d) + block(m * m, fanIn: m) + block(m * m, fanIn: m) + block(m, fanIn: m)
    }

    /// Xavier (Glorot) uniform initialisation with gain 1: layer entries uniform on ±√(6/(fan_in + fan_out)).
    public func xavierUniformParameters(using rng: inout SeededGenerator) -> [Double] {
        let d = inputDimension, m = width
        func block(_ count: Int, fanIn: Int, fanOut: Int) -> [Double] {
            let bound = (6 / Double(fanIn + fanOut)).squareRoot()
            return (0..<count).map { _ in (2 * rng.uniform() - 1) * bound }
        }
        return block(m * d, fanIn: d, fanOut: m) + block(m * m, fanIn: m, fanOut: m) + block(m * m, fanIn: m, fanOut: m) + block(m, fanIn: m, fanOut: 1)
    }

    /// (f(x; θ), ∇_θ f(x; θ)).
    public func outputAndGradient(_ theta: [Double], _ x: [Double]) -> (Double, [Double]) {
        let d = inputDimension, m = width
        let o2 = m * d, o3 = o2 + m * m, o4 = o3 + m * m
        var h1 = [Double](repeating: 0, count: m), h2 = h1, h3 = h1
        for i in 0..<m { var s = 0.0; for k in 0..<d { s += theta[i * d + k] * x[k] }; h1[i] = s }
        for i in 0..<m { var s = 0.0; for k in 0..<m { s += theta[o2 + i * m + k] * h1[k] }; h2[i] = s }
        for i in 0..<m { var s = 0.0; for k in 0..<m { s += theta[o3 + i * m + k] * h2[k] }; h3[i] = s }
        var f = 0.0
        for i in 0..<m { f += theta[o4 + i] * h3[i] }
        var g = [Double](repeating: 0, count: parameterCount)
        // δ₃ = w₄, δ₂ = W₃ᵀδ₃, δ₁ = W₂ᵀδ₂.
        var d2 = [Double](repeating: 0, count: m), d1 = d2
        for i in 0..<m { g[o4 + i] = h3[i] }
        for i in 0..<m { let di = theta[o4 + i]; for k in 0..<m { g[o3 + i * m + k] = di * h2[k]; d2[k] += theta[o3 + i * m + k] * di } }
        for i in 0..<m { let di = d2[i]; for k in 0..<m { g[o2 + i * m + k] = di * h1[k]; d1[k] += theta[o2 + i * m + k] * di } }
        for i in 0..<m { let di = d1[i]; for k in 0..<d { g[i * d + k] = di * x[k] } }
        return (f, g)
    }
}

/// A training set for the network and an SGD run with checkpoints of the tangent features and residuals.
public struct LinearNetworkTraining: Sendable {
    public struct Checkpoint: Sendable {
        public let step: Int
        /// Tangent features g_i (n × p) and residuals e_i = f(x_i; θ) − y_i.
        public let features: Matrix<Double>
        public let residuals: [Double]
        public var loss: Double { residuals.reduce(0) { $0 + $1 * $1 } / Double(2 * residuals.count) }
    }

    public let network: DeepLinearNetwork
    public let inputs: [[Double]]
    public let labels: [Double]
    public let batch: Int

    /// n Gaussian inputs in ℝ^d with labels Σx_i/d.
    public init(network: DeepLinearNetwork, samples n: Int, batch: Int, seed: UInt64) throws {
        guard n >= 1, batch >= 1 else { throw NumericsError.invalidArgument(operation: "LinearNetworkTraining", detail: "need n ≥ 1 and B ≥ 1, got n = \(n), B = \(batch)") }
        var rng = SeededGenerator(seed: seed)
        let d = network.inputDimension
        inputs = (0..<n).map { _ in (0..<d).map { _ in rng.normal() } }
        labels = inputs.map { $0.reduce(0, +) / Double(d) }
        self.network = network; self.batch = batch
    }

    public func checkpoint(_ theta: [Double], step: Int) throws -> Checkpoint {
        var rows: [Double] = [], res: [Double] = []
        for (x, y) in zip(inputs, labels) {
            let (f, g) = network.outputAndGradient(theta, x)
            rows += g; res.append(f - y)
        }
        return Checkpoint(step: step, features: try Matrix(rows: inputs.count, columns: network.parameterCount, elements: rows), residuals: res)
    }

    /// L(θ) = (1/2n)Σ(f(x_i; θ) − y_i)².
    public func loss(_ theta: [Double]) -> Double {
        zip(inputs, labels).reduce(0.0) { acc, sample in let r = network.outputAndGradient(theta, sample.0).0 - sample.1; return acc + r * r } / Double(2 * inputs.count)
    }

    /// SGD with replacement from θ₀: the loss every `every` steps (and at 0 and the end) and the last parameters,
    /// stopping at the first loss that is not finite (recorded as +∞): a divergent run is a result, not an error.
    public func lossPath(from theta0: [Double], eta: Double, steps: Int, every: Int, seed: UInt64) throws -> (path: [(step: Int, loss: Double)], theta: [Double]) {
        guard eta > 0, eta.isFinite else { throw NumericsError.invalidArgument(operation: "LinearNetworkTraining.lossPath", detail: "step size η = \(eta) must be positive") }
        guard every >= 1, steps >= 0 else { throw NumericsError.invalidArgument(operation: "LinearNetworkTraining.lossPath", detail: "need steps ≥ 0 and every ≥ 1") }
        var rng = SeededGenerator(seed: seed)
        var theta = theta0
        var path = [(step: 0, loss: loss(theta))]
        for t in stride(from: 1, through: steps, by: 1) {
            try sgdStep(&theta, eta: eta, rng: &rng)
            if t % every == 0 || t == steps {
                let l = loss(theta)
                path.append((t, l.isFinite ? l : .infinity))
                if !l.isFinite { break }
            }
        }
        return (path, theta)
    }

    func sgdStep(_ theta: inout [Double], eta: Double, rng: inout SeededGenerator) throws {
        var grad = [Double](repeating: 0, count: theta.count)
        for i in try rng.sampleWithReplacement(from: inputs.count, count: batch) {
            let (f, g) = network.outputAndGradient(theta, inputs[i])
            let r = (f - labels[i]) / Double(batch)
            for k in 0..<grad.count { grad[k] += r * g[k] }
        }
        for k in 0..<theta.count { theta[k] -= eta * grad[k] }
    }

    /// SGD with replacement from θ₀ with step η·(1/B)Σ∇L_i, a checkpoint every `every` steps (and at 0 and the end).
    /// Throws `.nonFinite` if the run diverges.
    public func run(from theta0: [Double], eta: Double, steps: Int, every: Int, seed: UInt64) throws -> [Checkpoint] {
        guard eta > 0, eta.isFinite else { throw NumericsError.invalidArgument(operation: "LinearNetworkTraining.run", detail: "step size η = \(eta) must be positive") }
        guard every >= 1, steps >= 0 else { throw NumericsError.invalidArgument(operation: "LinearNetworkTraining.run", detail: "need steps ≥ 0 and every ≥ 1") }
        var rng = SeededGenerator(seed: seed)
        var theta = theta0
        var out = [try checkpoint(theta, step: 0)]
        for t in 1...max(steps, 1) where steps > 0 {
            try sgdStep(&theta, eta: eta, rng: &rng)
            if t % every == 0 || t == steps {
                let c = try checkpoint(theta, step: t)
                try c.residuals.requireFinite("LinearNetworkTraining.run (diverged)")
                out.append(c)
            }
        }
        return out
    }
}
