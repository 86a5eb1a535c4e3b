import Numerics

/// The two-layer tanh network of the figure substitutes, f(x; θ) = m^{-1/2}·Σ_j a_j·tanh(w_jᵀx) (no biases), on a
/// fixed data set with squared loss L = (1/n)Σ ½(f(x_i) − y_i)². θ is W row-major (m × d) followed by a (m).
/// Tangent features g_i = ∇_θ f(x_i; θ) are analytic and generic over `Real`, so the features at a converged minimum
/// can be recomputed in Float80 from the exact images of the Double parameters.
public struct TanhRegressionNet: Sendable {
    public let inputDimension: Int
    public let width: Int
    public let inputs: [[Double]]
    public let labels: [Double]

    /// Throws `.invalidArgument` naming `width` or the input dimension when < 1, `.empty` for no samples,
    /// `.dimensionMismatch` for ragged inputs or a label count that differs, `.nonFinite` for NaN or ±∞.
    public init(width: Int, inputs: [[Double]], labels: [Double]) throws {
        guard let d = inputs.first?.count else { throw NumericsError.empty(operation: "TanhRegressionNet inputs") }
        guard width >= 1 else { throw NumericsError.invalidArgument(operation: "TanhRegressionNet", detail: "width m = \(width) must be ≥ 1") }
        guard d >= 1 else { throw NumericsError.invalidArgument(operation: "TanhRegressionNet", detail: "input dimension d = 0") }
        guard inputs.allSatisfy({ $0.count == d }), labels.count == inputs.count else {
            throw NumericsError.dimensionMismatch(operation: "TanhRegressionNet", expected: "n inputs of dimension \(d) and n labels",
                                                  got: "\(inputs.count) inputs, \(labels.count) labels")
        }
        for x in inputs { try x.requireFinite("TanhRegressionNet inputs") }
        try labels.requireFinite("TanhRegressionNet labels")
        inputDimension = d; self.width = width; self.inputs = inputs; self.labels = labels
    }

    public var parameterCount: Int { width * (inputDimension + 1) }
    public var sampleCount: Int { labels.count }

    /// The same network on other labels (e.g. a different teacher on the same inputs).
    public func relabelled(_ y: [Double]) throws -> TanhRegressionNet { try TanhRegressionNet(width: width, inputs: inputs, labels: y) }

    func checked<T>(_ theta: [T]) throws {
        guard theta.count == parameterCount else {
            throw NumericsError.dimensionMismatch(operation: "TanhRegressionNet θ", expected: "\(parameterCount) parameters", got: "\(theta.count)")
        }
    }

    @inlinable
    func outputUnchecked<T: Real>(_ theta: [T], _ x: [Double]) -> T {
        let d = inputDimension, m = width
        var s = T.zero
        for j in 0..<m {
            var u = T.zero
            for k in 0..<d { u += theta[j * d + k] * T(x[k]) }
            s += theta[m * d + j] * stableTanh(u)
        }
        return s / T.sqrt(T(m))
    }

    public func output<T: Real>(_ theta: [T], sample i: Int) throws -> T {
        try checked(theta)
        return outputUnchecked(theta, inputs[i])
    }

    /// Residuals f(x_i; θ) − y_i.
    public func residuals(_ theta: [Double]) throws -> [Double] {
        try checked(theta)
        return inputs.indices.map { outputUnchecked(theta, inputs[$0]) - labels[$0] }
    }

    public func loss(_ theta: [Double]) throws -> Double {
        let r = try residuals(theta)
        return r.reduce(0) { $0 + $1 * $1 } / Double(2 * r.count)
    }

    /// g_i = ∇_θ f(x_i; θ): ∂f/∂W_jk = m^{-1/2}a_j(1 − tanh²u_j)x_k, ∂f/∂a_j = m^{-1/2}tanh u_j.
    public func tangentFeatures<T: Real>(_ theta: [T]) throws -> [[T]] {
        try checked(theta)
        let d = inputDimension, m = width
        let scale = T.one / T.sqrt(T(m))
        return inputs.map { x in
            var g = [T](repeating: .zero, count: parameterCount)
            for j in 0..<m {
                var u = T.zero
                for k in 0..<d { u += theta[j * d + k] * T(x[k]) }
                let t = stableTanh(u)
                g[m * d + j] = scale * t
                let c = scale * theta[m * d + j] * (T.one - t * t)
                for k in 0..<d { g[j * d + k] = c * T(x[k]) }
            }
            return g
        }
    }

    /// One step θ ← θ − (η/|I|)Σ_{i∈I} r_i g_i on the batch I (indices may repeat: sampling with replacement).
    public func step(_ theta: inout [Double], batch: [Int], eta: Double) throws {
        try checked(theta)
        guard !batch.isEmpty, batch.allSatisfy({ $0 >= 0 && $0 < sampleCount }) else {
            throw NumericsError.invalidArgument(operation: "TanhRegressionNet.step", detail: "batch must be non-empty indices below n = \(sampleCount)")
        }
        let d = inputDimension, m = width
        let c0 = eta / (Double(batch.count) * Double(m).squareRoot())
        var update = [Double](repeating: 0, count: parameterCount)
        for i in batch {
            let x = inputs[i]
            var t = [Double](repeating: 0, count: m)
            var f = 0.0
            for j in 0..<m {
                var u = 0.0
                for k in 0..<d { u += theta[j * d + k] * x[k] }
                t[j] = stableTanh(u)
                f += theta[m * d + j] * t[j]
            }
            let r = f / Double(m).squareRoot() - labels[i]
            for j in 0..<m {
                update[m * d + j] += c0 * r * t[j]
                let c = c0 * r * theta[m * d + j] * (1 - t[j] * t[j])
                for k in 0..<d { update[j * d + k] += c * x[k] }
            }
        }
        for q in 0..<parameterCount { theta[q] -= update[q] }
    }

    /// Synthetic data x ~ N(0, I_d), labels from `teacher` (seeded), and a start θ₀ with W ~ N(0, 1/d), a ~ N(0, 1).
    public static func synthetic(d: Int, n: Int, width: Int, seed: UInt64, teacher: ([Double], [Double]) -> Double) throws -> (net: TanhRegressionNet, start: [Double]) {
        guard d >= 1, n >= 1 else { throw NumericsError.invalidArgument(operation: "TanhRegressionNet.synthetic", detail: "d = \(d) and n = \(n) must be ≥ 1") }
        var rng = SeededGenerator(seed: seed)
        let v = (0..<d).map { _ in rng.normal() / Double(d).squareRoot() }
        let x = (0..<n).map { _ in (0..<d).map { _ in rng.normal() } }
        let y = x.map { teacher($0, v) }
        let net = try TanhRegressionNet(width: width, inputs: x, labels: y)
        let w = (0..<(width * d)).map { _ in rng.normal() / Double(d).squareRoot() }
        let a = (0..<width).map { _ in rng.normal() }
        return (net, w + a)
    }

    public enum Batches: Sendable, Equatable { case full, withReplacement(Int) }

    /// Trains from θ₀ until L < `target` or `maxSteps`; returns the last iterate, its loss and the steps taken.
    /// Batches are drawn i.i.d. uniformly with replacement (B indices per step) or are the full set (GD).
    public func train(from start: [Double], eta: Double, batches: Batches, target: Double, maxSteps: Int, seed: UInt64) throws -> (theta: [Double], loss: Double, steps: Int) {
        guard eta > 0, eta.isFinite else { throw NumericsError.invalidArgument(operation: "TanhRegressionNet.train", detail: "η = \(eta) must be positive and finite") }
        if case .withReplacement(let b) = batches, b < 1 {
            throw NumericsError.invalidArgument(operation: "TanhRegressionNet.train", detail: "batch size B = \(b) must be ≥ 1")
        }
        var rng = SeededGenerator(seed: seed)
        var theta = start
        let all = Array(0..<sampleCount)
        var l = try loss(theta)
        var t = 0
        while t < maxSteps && l >= target && l.isFinite {
            switch batches {
            case .full: try step(&theta, batch: all, eta: eta)
            case .withReplacement(let b): try step(&theta, batch: try (0..<b).map { _ in try rng.int(below: sampleCount) }, eta: eta)
            }
            t += 1
            if t % 25 == 0 { l = try loss(theta) }
        }
        return (theta, try loss(theta), t)
    }
}
