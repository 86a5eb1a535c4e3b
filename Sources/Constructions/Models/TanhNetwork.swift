import Numerics

/// A one-hidden-layer tanh network x ↦ Σ_h v_h·tanh(W_h·x + b_h) + c with inputs → hidden → 1,
/// trained on squared error f(w; (x, y)) = ½(net(x) − y)², with its data set attached.
///
/// Parameters w (length hidden·inputs + 2·hidden + 1; 49 for 4-8-1): W row-major (hidden × inputs),
/// then b (hidden), then v (hidden), then c. Gradients are analytic and generic over `Real`, so they
/// run in Double and Float80 and, on dual numbers, give exact-to-rounding Hessian-vector products
/// (`SampleGradientModel`). Float80 runs see the exact images of the Double data and parameters.
public struct TanhNetwork: SampleGradientModel {
    public let inputs: Int
    public let hidden: Int
    /// Features, row-major (n × inputs).
    public let features: [Double]
    public let labels: [Double]

    /// Throws `.invalidArgument` naming `inputs` or `hidden` when < 1, `.empty` for no samples,
    /// `.dimensionMismatch` naming `features`/`labels` for inconsistent lengths, `.nonFinite` for NaN or ±∞.
    public init(inputs: Int, hidden: Int, features: [[Double]], labels: [Double]) throws {
        guard inputs >= 1 else { throw NumericsError.invalidArgument(operation: "TanhNetwork", detail: "inputs = \(inputs) must be ≥ 1") }
        guard hidden >= 1 else { throw NumericsError.invalidArgument(operation: "TanhNetwork", detail: "hidden = \(hidden) must be ≥ 1") }
        guard !features.isEmpty else { throw NumericsError.empty(operation: "TanhNetwork (features)") }
        guard features.count == labels.count else {
            throw NumericsError.dimensionMismatch(operation: "TanhNetwork", expected: "\(features.count) labels", got: "\(labels.count)")
        }
        for (i, x) in features.enumerated() {
            guard x.count == inputs else {
                throw NumericsError.dimensionMismatch(operation: "TanhNetwork features", expected: "width \(inputs)", got: "\(x.count) at sample \(i)")
            }
            try x.requireFinite("TanhNetwork features")
        }
        try labels.requireFinite("TanhNetwork labels")
        self.inputs = inputs; self.hidden = hidden; self.features = features.flatMap { $0 }; self.labels = labels
    }

    public static func parameterCount(inputs: Int, hidden: Int) -> Int { hidden * inputs + 2 * hidden + 1 }
    @inlinable public var parameterCount: Int { hidden * inputs + 2 * hidden + 1 }
    @inlinable public var sampleCount: Int { labels.count }

    /// The same network on other data (same architecture).
    public func withData(features: [[Double]], labels: [Double]) throws -> TanhNetwork {
        try TanhNetwork(inputs: inputs, hidden: hidden, features: features, labels: labels)
    }

    /// The network's output at an arbitrary input x.
    @inlinable
    public func output<T: Real>(_ w: [T], input x: [Double]) throws -> T {
        try checkParameters(w, "TanhNetwork.output")
        guard x.count == inputs else { throw NumericsError.dimensionMismatch(operation: "TanhNetwork.output", expected: "input of width \(inputs)", got: "\(x.count)") }
        var f = w[hidden * inputs + 2 * hidden]
        for h in 0..<hidden {
            var a = w[hidden * inputs + h]
            for k in 0..<inputs { a += w[h * inputs + k] * T(x[k]) }
            f += w[hidden * inputs + hidden + h] * stableTanh(a)
        }
        return f
    }

    /// ½(net(x_j) − y_j)².
    @inlinable
    public func sampleLoss<T: Real>(_ w: [T], sample j: Int) throws -> T {
        try checkSamples([j], "TanhNetwork.sampleLoss")
        let r = try output(w, input: Array(features[(j * inputs)..<((j + 1) * inputs)])) - T(labels[j])
        return T(0.5) * r * r
    }

    @inlinable
    public func accumulateSampleGradient<T: Real>(_ w: [T], sample j: Int, scale: T, into g: inout [T]) {
        let d = inputs, hh = hidden, off = j * d
        let bOff = hh * d, vOff = bOff + hh, cOff = vOff + hh
        withUnsafeTemporaryAllocation(of: T.self, capacity: hh) { t in
            var f = w[cOff]
            for h in 0..<hh {
                var a = w[bOff + h]
                for k in 0..<d { a += w[h * d + k] * T(features[off + k]) }
                let th = stableTanh(a)
                t[h] = th
                f += w[vOff + h] * th
            }
            let r = scale * (f - T(labels[j]))
            g[cOff] += r
            for h in 0..<hh {
                let th = t[h]
                g[vOff + h] += r * th
                let delta = r * w[vOff + h] * (T.one - th * th)
                g[bOff + h] += delta
                for k in 0..<d { g[h * d + k] += delta * T(features[off + k]) }
            }
        }
    }

    /// One SGD step on sample j in place: w ← w − η(∇f(w; z_j) + λw). Reads every forward
    /// quantity before it writes, so it equals the step computed from a separate gradient buffer.
    /// With `trainHidden` false only the output layer (v, c) moves: the model is then linear in its
    /// trainable parameters (least squares on fixed tanh features).
    @inlinable
    public func sgdStep<T: Real>(_ w: inout [T], sample j: Int, learningRate eta: T, weightDecay lambda: T, trainHidden: Bool = true) {
        let d = inputs, hh = hidden, off = j * d
        let bOff = hh * d, vOff = bOff + hh, cOff = vOff + hh
        let decay = lambda != .zero
        withUnsafeTemporaryAllocation(of: T.self, capacity: hh) { t in
            var f = w[cOff]
            for h in 0..<hh {
                var a = w[bOff + h]
                for k in 0..<d { a += w[h * d + k] * T(features[off + k]) }
                let th = stableTanh(a)
                t[h] = th
                f += w[vOff + h] * th
            }
            let r = f - T(labels[j])
            for h in 0..<hh {
                let th = t[h]
                let v = w[vOff + h]
                let delta = r * v * (T.one - th * th)
                w[vOff + h] = v - eta * (r * th + (decay ? lambda * v : .zero))
                guard trainHidden else { continue }
                w[bOff + h] = w[bOff + h] - eta * (delta + (decay ? lambda * w[bOff + h] : .zero))
                for k in 0..<d {
                    let i = h * d + k
                    w[i] = w[i] - eta * (delta * T(features[off + k]) + (decay ? lambda * w[i] : .zero))
                }
            }
            w[cOff] = w[cOff] - eta * (r + (decay ? lambda * w[cOff] : .zero))
        }
    }

    /// (1/n) Σ_j f(w; z_j).
    @inlinable
    public func meanLoss<T: Real>(_ w: [T]) throws -> T {
        var s = T.zero
        for j in 0..<sampleCount { s += try sampleLoss(w, sample: j) }
        return s / T(sampleCount)
    }
}

/// Synthetic teacher data for the network: x ~ N(0, I), y = teacher(x) + noise·N(0, 1), where the
/// teacher has the student's architecture and the default initialisation's scale (so its outputs
/// are O(1)). Deterministic for a seed.
public struct TeacherData: Sendable {
    public let network: TanhNetwork
    public let teacher: [Double]
    public let noise: Double
    public let seed: UInt64

    /// Throws `.invalidArgument` naming `n` (< 2) or `noise` (negative or not finite), and what
    /// `TanhNetwork` throws.
    public init(n: Int, inputs: Int, hidden: Int, noise: Double, seed: UInt64) throws {
        guard n >= 2 else { throw NumericsError.invalidArgument(operation: "TeacherData", detail: "n = \(n) must be ≥ 2") }
        guard noise.isFinite, noise >= 0 else { throw NumericsError.invalidArgument(operation: "TeacherData", detail: "noise = \(noise) must be finite and ≥ 0") }
        var rng = SeededGenerator(seed: seed)
        let shape = try TanhNetwork(inputs: inputs, hidden: hidden, features: [[Double](repeating: 0, count: inputs)], labels: [0])
        let teacher = TeacherData.initialParameters(inputs: inputs, hidden: hidden, rng: &rng, scale: 2)
        var xs: [[Double]] = [], ys: [Double] = []
        for _ in 0..<n {
            let (x, y) = try TeacherData.draw(shape, teacher, noise, &rng)
            xs.append(x); ys.append(y)
        }
        network = try TanhNetwork(inputs: inputs, hidden: hidden, features: xs, labels: ys)
        self.teacher = teacher; self.noise = noise; self.seed = seed
    }

    static func draw(_ shape: TanhNetwork, _ teacher: [Double], _ noise: Double, _ rng: inout SeededGenerator) throws -> ([Double], Double) {
        let x = (0..<shape.inputs).map { _ in rng.normal() }
        let y: Double = try shape.output(teacher, input: x) + noise * rng.normal()
        return (x, y)
    }

    /// One more sample from the same distribution, from its own seed (for twin data sets).
    public func freshSample(seed: UInt64) throws -> (x: [Double], y: Double) {
        var rng = SeededGenerator(seed: seed)
        return try TeacherData.draw(network, teacher, noise, &rng)
    }

    /// Uniform fan-in initialisation: W, b ~ U(±s/√inputs), v, c ~ U(±s/√hidden).
    public static func initialParameters(inputs: Int, hidden: Int, rng: inout SeededGenerator, scale s: Double = 1) -> [Double] {
        let p = TanhNetwork.parameterCount(inputs: inputs, hidden: hidden)
        let first = s / Double(inputs).squareRoot(), second = s / Double(hidden).squareRoot()
        return (0..<p).map { i in (2 * rng.uniform() - 1) * (i < hidden * inputs + hidden ? first : second) }
    }

    /// Twin data: the data set with sample `index` replaced by a fresh draw (Def. 4).
    public func twin(replacing index: Int, seed: UInt64) throws -> TanhNetwork {
        guard index >= 0, index < network.sampleCount else {
            throw NumericsError.invalidArgument(operation: "TeacherData.twin", detail: "index \(index) outside 0..<\(network.sampleCount)")
        }
        let (x, y) = try freshSample(seed: seed)
        var xs = (0..<network.sampleCount).map { Array(network.features[($0 * network.inputs)..<(($0 + 1) * network.inputs)]) }
        var ys = network.labels
        xs[index] = x; ys[index] = y
        return try network.withData(features: xs, labels: ys)
    }
}

extension TanhNetwork {
    /// Plain SGD with batch size 1, one epoch = n steps in the order of `stream`, in place.
    @inlinable
    public func trainEpoch<T: Real>(_ w: inout [T], stream: inout IndexStream, learningRate: T, weightDecay: T, trainHidden: Bool = true) throws {
        for _ in 0..<sampleCount { sgdStep(&w, sample: try stream.next(), learningRate: learningRate, weightDecay: weightDecay, trainHidden: trainHidden) }
    }

    /// Two SGD runs that share their initial point and their index sequence (reshuffled permutations
    /// from `seed`), one on this data set and one on `twin`. Returns ‖w_E − w'_E‖ and ‖w_E‖ after every
    /// epoch E = 1…epochs. Throws `.dimensionMismatch` naming `twin` or `initial`.
    @inlinable
    public func coupledDivergence(twin: TanhNetwork, initial: [Double], epochs: Int, learningRate: Double, weightDecay: Double,
                                  trainHidden: Bool = true, seed: UInt64) throws -> (divergence: [Double], norm: [Double]) {
        guard twin.inputs == inputs, twin.hidden == hidden, twin.sampleCount == sampleCount else {
            throw NumericsError.dimensionMismatch(operation: "coupledDivergence", expected: "a twin of the same architecture and size", got: "twin \(twin.inputs)-\(twin.hidden), n = \(twin.sampleCount)")
        }
        try checkParameters(initial, "coupledDivergence", "initial")
        var a = initial, b = initial
        var sa = try IndexStream(n: sampleCount, scheme: .reshuffledPermutation, seed: seed), sb = sa
        var div: [Double] = [], norm: [Double] = []
        for _ in 0..<epochs {
            try trainEpoch(&a, stream: &sa, learningRate: learningRate, weightDecay: weightDecay, trainHidden: trainHidden)
            try twin.trainEpoch(&b, stream: &sb, learningRate: learningRate, weightDecay: weightDecay, trainHidden: trainHidden)
            var d = 0.0, m = 0.0
            for k in 0..<a.count { d += (a[k] - b[k]) * (a[k] - b[k]); m += a[k] * a[k] }
            div.append(d.squareRoot()); norm.append(m.squareRoot())
        }
        return (div, norm)
    }
}
