import Numerics

/// Paper 004's synthetic classification data "Gauss-k" (App. A.1, convention C8): k centres uniform in [−10, 10]^d, equal
/// class sizes (the first n mod k classes get one extra point), points = centre + N(0, I_d); optionally z-scored with the
/// training mean and standard deviation (deviation D1). Labels in class order 0, 0, …, 1, 1, …
public struct GaussBlobs: Sendable {
    public let inputs: [[Double]]
    public let labels: [Int]
    public let classCount: Int

    /// - Throws: `.invalidArgument` for n < k, k < 2 or d < 1.
    public init(samples n: Int, classes k: Int, dimension d: Int, zScore: Bool, seed: UInt64) throws {
        guard k >= 2, n >= k, d >= 1 else {
            throw NumericsError.invalidArgument(operation: "GaussBlobs", detail: "need k ≥ 2, n ≥ k, d ≥ 1; got n = \(n), k = \(k), d = \(d)")
        }
        var rng = SeededGenerator(seed: seed)
        let centres = (0..<k).map { _ in (0..<d).map { _ in 20 * rng.uniform() - 10 } }
        var x: [[Double]] = [], y: [Int] = []
        for c in 0..<k {
            let size = n / k + (c < n % k ? 1 : 0)
            for _ in 0..<size { x.append(centres[c].map { $0 + rng.normal() }); y.append(c) }
        }
        if zScore {
            for j in 0..<d {
                let mean = x.reduce(0) { $0 + $1[j] } / Double(n)
                let sd = (x.reduce(0) { $0 + ($1[j] - mean) * ($1[j] - mean) } / Double(n)).squareRoot()
                for i in 0..<n { x[i][j] = sd > 0 ? (x[i][j] - mean) / sd : 0 }
            }
        }
        inputs = x; labels = y; classCount = k
    }

    public func data() throws -> MultilayerPerceptron.Data {
        try MultilayerPerceptron.Data(inputs: inputs, classes: labels, classCount: classCount)
    }
}

extension MultilayerPerceptron {
    /// He initialisation (D1): weights N(0, 2/fan_in), biases zero, in the C3 parameter order.
    public func heInitialisation(using rng: inout SeededGenerator) -> [Double] {
        var theta: [Double] = []
        theta.reserveCapacity(parameterCount)
        for l in 1..<widths.count {
            let sd = (2 / Double(widths[l - 1])).squareRoot()
            for _ in 0..<(widths[l] * widths[l - 1]) { theta.append(sd * rng.normal()) }
            theta += [Double](repeating: 0, count: widths[l])
        }
        return theta
    }

    /// Mini-batch SGD with batches of size m drawn with replacement (C2): θ ← θ − η·(1/m)Σ_b ∇ℓ(x_{i_b}); returns the
    /// iterates at the requested steps (step 0 = θ₀). Throws `.nonFinite` if an iterate overflows.
    public func sgdIterates(from theta0: [Double], data: Data, eta: Double, batch m: Int, steps: [Int], seed: UInt64) throws -> [[Double]] {
        guard eta > 0, eta.isFinite, m >= 1, steps.allSatisfy({ $0 >= 0 }) else {
            throw NumericsError.invalidArgument(operation: "MultilayerPerceptron.sgdIterates", detail: "need η > 0, m ≥ 1 and steps ≥ 0; got η = \(eta), m = \(m)")
        }
        var rng = SeededGenerator(seed: seed)
        var theta = theta0, out: [[Double]] = []
        let last = steps.max() ?? 0
        var weights = [Double](repeating: 0, count: data.count)
        for t in 0...last {
            if steps.contains(t) { out.append(theta) }
            if t == last { break }
            for i in weights.indices { weights[i] = 0 }
            for i in try rng.sampleWithReplacement(from: data.count, count: m) { weights[i] += 1 / Double(m) }
            let g = try lossAndGradient(theta, data: data, sampleWeights: weights).gradient
            for k in theta.indices { theta[k] -= eta * g[k] }
            try theta.requireFinite("MultilayerPerceptron.sgdIterates (diverged)")
        }
        return steps.map { s in out[steps.sorted().firstIndex(of: s)!] }
    }
}
