/// Fully connected networks x ↦ z_L with z_l = W_l h_{l−1} + b_l, h_0 = x, h_l = σ(z_l) for l < L (the last layer is
/// linear), trained on a mean loss (1/n)Σ_i ℓ(z_L(x_i), y_i) — squared error ½‖z_L − y‖² or softmax cross-entropy
/// log Σ_k exp(z_k) − z_y. Parameters are laid out layer by layer, W_l row-major (out × in) then b_l.
///
/// Derivatives:
/// * **Reverse mode** (back-propagation): the gradient of the mean loss, and per-sample gradients, in one forward and
///   one backward pass per sample — about three times the cost of evaluating the loss.
/// * **Forward over reverse**: the same back-propagation run on dual numbers θ + vε gives the Hessian-vector product
///   ∇²L·v as the derivative part of the gradient, at a small constant times the cost of one gradient; the full Hessian
///   is p such products (columns), `hessian(_:data:)`.
/// Everything is generic over `Real`, so it runs in Double, Float80 and on (nested) dual numbers; the forward-over-forward
/// Hessian of `Derivatives` applied to `meanLoss` is an independent second route (the tests compare them).
///
/// Softmax cross-entropy uses the log-sum-exp form with the largest logit subtracted, so logits of any finite size
/// (±800 included) give finite losses and gradients. ReLU networks are piecewise linear: their Hessian exists where no
/// pre-activation of a training sample is zero; `hessian` and `hessianVectorProduct` refuse points on a kink.
public struct MultilayerPerceptron: Sendable, Equatable {
    public enum Activation: Sendable, Equatable, CustomStringConvertible {
        case relu
        /// max(z, slope·z) with 0 < slope < 1.
        case leakyReLU(slope: Double)
        case tanh

        public var description: String {
            switch self {
            case .relu: return "ReLU"
            case .leakyReLU(let a): return "leaky ReLU (slope \(a))"
            case .tanh: return "tanh"
            }
        }
        /// Whether the activation has kinks (points without a second derivative).
        public var isPiecewiseLinear: Bool { self != .tanh }
    }

    public enum Loss: String, Sendable, Equatable {
        case squared = "½‖f(x) − y‖²"
        case softmaxCrossEntropy = "softmax cross-entropy"
        /// −q_y with q = softmax(f(x)): its Hessian is −Hess q_y, the numerator of H_p (paper 004's Proposition 1).
        case negativeSoftmaxProbability = "−softmax(f(x))_y"
        /// ½‖q − e_y‖² with q = softmax(f(x)): a loss that is not a negative log-likelihood (a negative control).
        case squaredErrorOnSoftmax = "½‖softmax(f(x)) − e_y‖²"

        /// Whether the targets are class indices (every softmax loss).
        public var isClassification: Bool { self != .squared }
    }

    public let widths: [Int]
    public let activation: Activation
    public let loss: Loss
    public let parameterCount: Int
    /// Offsets of W_l and b_l in the parameter vector, l = 1…L.
    @usableFromInline let weightOffsets: [Int]
    @usableFromInline let biasOffsets: [Int]
    /// Offset of layer l's units (l = 0…L) in a flat array of all units.
    @usableFromInline let unitOffsets: [Int]

    /// - Throws: `.invalidArgument` naming `widths` for fewer than two layers or a width < 1, cross-entropy with fewer
    ///   than two classes, or a leaky slope outside (0, 1).
    public init(widths: [Int], activation: Activation, loss: Loss) throws {
        guard widths.count >= 2, widths.allSatisfy({ $0 >= 1 }) else {
            throw NumericsError.invalidArgument(operation: "MultilayerPerceptron", detail: "widths \(widths): need at least [input, output] and every width ≥ 1")
        }
        if loss.isClassification, widths.last! < 2 {
            throw NumericsError.invalidArgument(operation: "MultilayerPerceptron", detail: "\(loss.rawValue) needs at least two classes (output width \(widths.last!))")
        }
        if case .leakyReLU(let a) = activation, !(a > 0 && a < 1) {
            throw NumericsError.invalidArgument(operation: "MultilayerPerceptron", detail: "leaky ReLU slope \(a) must lie in (0, 1)")
        }
        var w: [Int] = [], b: [Int] = [], offset = 0
        for l in 1..<widths.count {
            w.append(offset); offset += widths[l] * widths[l - 1]
            b.append(offset); offset += widths[l]
        }
        self.widths = widths; self.activation = activation; self.loss = loss
        self.parameterCount = offset; self.weightOffsets = w; self.biasOffsets = b
        self.unitOffsets = widths.indices.map { widths[..<$0].reduce(0, +) }
    }

    public var layerCount: Int { widths.count - 1 }
    public var inputDimension: Int { widths[0] }
    public var outputDimension: Int { widths.last! }

    /// Training data: inputs (n × d, row-major) and targets — real vectors (n × k) for squared error, class indices
    /// in 0..<k for cross-entropy.
    public struct Data: Sendable, Equatable {
        public enum Targets: Sendable, Equatable {
            case values([Double])
            case classes([Int])
        }
        public let inputs: [Double]
        public let targets: Targets
        public let count: Int
        public let inputDimension: Int

        /// - Throws: `.empty` for no samples, `.dimensionMismatch` naming the argument for ragged or mismatched rows,
        ///   `.nonFinite` for NaN or ±∞ in inputs or targets.
        public init(inputs: [[Double]], values: [[Double]]) throws {
            try self.init(inputs: inputs, targets: .values(values.flatMap { $0 }), targetWidth: values.first?.count ?? 0, targetRows: values.count)
            guard values.allSatisfy({ $0.count == values[0].count }) else {
                throw NumericsError.dimensionMismatch(operation: "MultilayerPerceptron.Data values", expected: "rows of length \(values[0].count)", got: "ragged rows")
            }
        }

        /// - Throws: as `init(inputs:values:)`, and `.invalidArgument` for a class index outside 0..<classCount.
        public init(inputs: [[Double]], classes: [Int], classCount: Int) throws {
            guard classCount >= 2 else { throw NumericsError.invalidArgument(operation: "MultilayerPerceptron.Data", detail: "classCount \(classCount) must be ≥ 2") }
            if let bad = classes.firstIndex(where: { $0 < 0 || $0 >= classCount }) {
                throw NumericsError.invalidArgument(operation: "MultilayerPerceptron.Data classes", detail: "label \(classes[bad]) of sample \(bad) is outside 0..<\(classCount)")
            }
            try self.init(inputs: inputs, targets: .classes(classes), targetWidth: 1, targetRows: classes.count)
        }

        init(inputs: [[Double]], targets: Targets, targetWidth: Int, targetRows: Int) throws {
            guard let d = inputs.first?.count, d >= 1 else { throw NumericsError.empty(operation: "MultilayerPerceptron.Data inputs") }
            guard inputs.allSatisfy({ $0.count == d }) else {
                throw NumericsError.dimensionMismatch(operation: "MultilayerPerceptron.Data inputs", expected: "rows of length \(d)", got: "ragged rows")
            }
            guard targetRows == inputs.count, targetWidth >= 1 else {
                throw NumericsError.dimensionMismatch(operation: "MultilayerPerceptron.Data targets", expected: "\(inputs.count) non-empty targets", got: "\(targetRows)")
            }
            let flat = inputs.flatMap { $0 }
            try flat.requireFinite("MultilayerPerceptron.Data inputs")
            if case .values(let v) = targets { try v.requireFinite("MultilayerPerceptron.Data values") }
            self.inputs = flat; self.targets = targets; self.count = inputs.count; self.inputDimension = d
        }
    }

    /// Throws `.dimensionMismatch` naming the argument when θ, v or the data do not fit this network.
    @inlinable
    func validate<T>(_ theta: [T], _ data: Data, direction: [T]? = nil) throws {
        guard theta.count == parameterCount else {
            throw NumericsError.dimensionMismatch(operation: "MultilayerPerceptron parameters", expected: "\(parameterCount)", got: "\(theta.count)")
        }
        if let v = direction, v.count != parameterCount {
            throw NumericsError.dimensionMismatch(operation: "MultilayerPerceptron direction", expected: "\(parameterCount)", got: "\(v.count)")
        }
        guard data.inputDimension == inputDimension else {
            throw NumericsError.dimensionMismatch(operation: "MultilayerPerceptron data", expected: "inputs of dimension \(inputDimension)", got: "\(data.inputDimension)")
        }
        switch data.targets {
        case .values(let v):
            guard loss == .squared, v.count == data.count * outputDimension else {
                throw NumericsError.dimensionMismatch(operation: "MultilayerPerceptron data targets", expected: "\(outputDimension) real targets per sample for squared error",
                                                      got: loss == .squared ? "\(v.count / max(data.count, 1)) per sample" : "real targets for cross-entropy")
            }
        case .classes(let c):
            guard loss.isClassification, c.allSatisfy({ $0 < outputDimension }) else {
                throw NumericsError.dimensionMismatch(operation: "MultilayerPerceptron data targets", expected: "class labels in 0..<\(outputDimension) for \(loss.rawValue)",
                                                      got: loss.isClassification ? "a label ≥ \(outputDimension)" : "class labels for squared error")
            }
        }
    }

    @inlinable
    func activate<T: Real>(_ z: T) -> T {
        switch activation {
        case .relu: return z > T.zero ? z : T.zero
        case .leakyReLU(let a): return z > T.zero ? z : T(a) * z
        case .tanh: return stableTanh(z)
        }
    }

    /// σ′(z) given h = σ(z).
    @inlinable
    func activationDerivative<T: Real>(_ z: T, _ h: T) -> T {
        switch activation {
        case .relu: return z > T.zero ? T.one : T.zero
        case .leakyReLU(let a): return z > T.zero ? T.one : T(a)
        case .tanh: return T.one - h * h
        }
    }

    /// Per-call scratch space: pre-activations z_l, activations h_l (h_0 = x) and back-propagated δ_l of one sample,
    /// flat with `unitOffsets`, and the transposed weight matrices (so that every inner loop runs along contiguous memory
    /// and vectorises: z_l = b_l + Σ_c h_{l−1,c}·(column c of W_l) reads row c of W_lᵀ).
    @usableFromInline
    struct Workspace<T: Real> {
        @usableFromInline var z: [T]
        @usableFromInline var h: [T]
        @usableFromInline var delta: [T]
        @usableFromInline var transposed: [T]
        @usableFromInline var outputDelta: [T]

        @inlinable
        init(_ net: MultilayerPerceptron, _ theta: [T]) {
            let units = net.widths.reduce(0, +)
            z = [T](repeating: .zero, count: units); h = z; delta = z
            outputDelta = [T](repeating: .zero, count: net.outputDimension)
            transposed = [T](repeating: .zero, count: net.parameterCount)
            for l in 1...net.layerCount {
                let rows = net.widths[l], cols = net.widths[l - 1], w = net.weightOffsets[l - 1]
                for r in 0..<rows { for c in 0..<cols { transposed[w + c * rows + r] = theta[w + r * cols + c] } }
            }
        }
    }

    /// Offset of layer l's units in the workspace arrays.
    @inlinable
    func unitOffset(_ l: Int) -> Int { unitOffsets[l] }

    /// Fills z_l and h_l of sample i (the output is h_L = z_L).
    @inlinable
    func forward<T: Real>(_ theta: [T], _ data: Data, sample i: Int, _ ws: inout Workspace<T>) {
        let d = inputDimension
        for k in 0..<d { ws.h[k] = T(data.inputs[i * d + k]) }
        var inOffset = 0
        for l in 1...layerCount {
            let rows = widths[l], cols = widths[l - 1], w = weightOffsets[l - 1], b = biasOffsets[l - 1]
            let outOffset = inOffset + cols
            theta.withUnsafeBufferPointer { th in
                ws.transposed.withUnsafeBufferPointer { wt in
                    ws.z.withUnsafeMutableBufferPointer { z in
                        ws.h.withUnsafeMutableBufferPointer { h in
                            for r in 0..<rows { z[outOffset + r] = th[b + r] }
                            for c in 0..<cols {
                                let hc = h[inOffset + c]
                                for r in 0..<rows { z[outOffset + r] += hc * wt[w + c * rows + r] }
                            }
                            for r in 0..<rows { h[outOffset + r] = l == layerCount ? z[outOffset + r] : activate(z[outOffset + r]) }
                        }
                    }
                }
            }
            inOffset = outOffset
        }
    }

    /// ℓ and ∂ℓ/∂z_L for one sample's output.
    @inlinable
    func outputLoss<T: Real>(_ values: [T], at o: Int, _ data: Data, sample i: Int, delta: inout [T]) -> T {
        let k = outputDimension
        func out(_ j: Int) -> T { values[o + j] }
        switch data.targets {
        case .values(let y):
            var l = T.zero
            for j in 0..<k { let r = out(j) - T(y[i * k + j]); delta[j] = r; l += r * r }
            return l / T(2)
        case .classes(let c):
            // log-sum-exp with the largest logit (by value) subtracted: no overflow for any finite logits.
            var m = out(0)
            for j in 1..<k where out(j) > m { m = out(j) }
            var s = T.zero
            for j in 0..<k { let e = T.exp(out(j) - m); delta[j] = e; s += e }
            for j in 0..<k { delta[j] = delta[j] / s }
            let y = c[i]
            switch loss {
            case .negativeSoftmaxProbability:
                // ∂(−q_y)/∂z_j = q_y(q_j − δ_jy).
                let qy = delta[y]
                for j in 0..<k { delta[j] = qy * delta[j] }
                delta[y] = delta[y] - qy
                return -qy
            case .squaredErrorOnSoftmax:
                // ℓ = ½Σ_j (q_j − e_j)²; ∂ℓ/∂z_j = q_j((q_j − e_j) − Σ_k (q_k − e_k)q_k).
                var value = T.zero, inner = T.zero
                for j in 0..<k { let r = j == y ? delta[j] - T.one : delta[j]; value += r * r; inner += r * delta[j] }
                for j in 0..<k { let r = j == y ? delta[j] - T.one : delta[j]; delta[j] = delta[j] * (r - inner) }
                return value / T(2)
            default:
                delta[y] = delta[y] - T.one
                return m + T.log(s) - out(y)
            }
        }
    }

    /// Adds scale·∇_θℓ(x_i) to `g` by back-propagation and returns ℓ(x_i).
    @inlinable
    func accumulateSampleGradient<T: Real>(_ theta: [T], _ data: Data, sample i: Int, scale: T, into g: inout [T], _ ws: inout Workspace<T>) -> T {
        forward(theta, data, sample: i, &ws)
        let last = unitOffset(layerCount)
        let value = outputLoss(ws.h, at: last, data, sample: i, delta: &ws.outputDelta)
        for r in 0..<outputDimension { ws.delta[last + r] = ws.outputDelta[r] }
        backward(theta, scale: scale, into: &g, &ws)
        return value
    }

    /// Back-propagates δ_L (already in the workspace, after `forward`) and adds scale·∂(δ_Lᵀz_L)/∂θ to `g`.
    @inlinable
    func backward<T: Real>(_ theta: [T], scale: T, into g: inout [T], _ ws: inout Workspace<T>) {
        var outOffset = unitOffset(layerCount)
        for l in stride(from: layerCount, through: 1, by: -1) {
            let rows = widths[l], cols = widths[l - 1], w = weightOffsets[l - 1], b = biasOffsets[l - 1]
            let inOffset = outOffset - cols
            theta.withUnsafeBufferPointer { th in
                g.withUnsafeMutableBufferPointer { gp in
                    ws.delta.withUnsafeMutableBufferPointer { delta in
                        ws.h.withUnsafeBufferPointer { h in
                            for r in 0..<rows {
                                let dr = scale * delta[outOffset + r]
                                gp[b + r] += dr
                                for c in 0..<cols { gp[w + r * cols + c] += dr * h[inOffset + c] }
                            }
                            if l > 1 {
                                // δ_{l−1} = (W_lᵀδ_l) ⊙ σ′(z_{l−1}), accumulated row by row of W_l (contiguous).
                                for c in 0..<cols { delta[inOffset + c] = .zero }
                                for r in 0..<rows {
                                    let dr = delta[outOffset + r]
                                    for c in 0..<cols { delta[inOffset + c] += th[w + r * cols + c] * dr }
                                }
                            }
                        }
                    }
                }
            }
            if l > 1 {
                for c in 0..<cols { ws.delta[inOffset + c] = ws.delta[inOffset + c] * activationDerivative(ws.z[inOffset + c], ws.h[inOffset + c]) }
            }
            outOffset = inOffset
        }
    }

    /// The Jacobian J = ∂f(x_i)/∂θ of the outputs (logits) at sample i, k × p, by k back-propagations.
    @inlinable
    public func outputJacobian<T: Real>(_ theta: [T], data: Data, sample i: Int) throws -> Matrix<T> {
        try validate(theta, data)
        guard i >= 0, i < data.count else { throw NumericsError.invalidArgument(operation: "MultilayerPerceptron.outputJacobian", detail: "sample \(i) outside 0..<\(data.count)") }
        var ws = Workspace(self, theta)
        let k = outputDimension, p = parameterCount, last = unitOffset(layerCount)
        var rows = [T](repeating: .zero, count: k * p)
        forward(theta, data, sample: i, &ws)
        for c in 0..<k {
            var g = [T](repeating: .zero, count: p)
            for r in 0..<k { ws.delta[last + r] = r == c ? .one : .zero }
            backward(theta, scale: .one, into: &g, &ws)
            for j in 0..<p { rows[c * p + j] = g[j] }
        }
        return try Matrix(rows: k, columns: p, elements: rows)
    }

    /// The network's outputs (logits) at sample i.
    @inlinable
    public func outputs<T: Real>(_ theta: [T], data: Data, sample i: Int) throws -> [T] {
        try validate(theta, data)
        guard i >= 0, i < data.count else { throw NumericsError.invalidArgument(operation: "MultilayerPerceptron.outputs", detail: "sample \(i) outside 0..<\(data.count)") }
        var ws = Workspace(self, theta)
        forward(theta, data, sample: i, &ws)
        return Array(ws.h[unitOffset(layerCount)...])
    }

    /// L(θ) = (1/n)Σ_i ℓ(x_i) (C1: the 1/n average), by forward passes only.
    @inlinable
    public func meanLoss<T: Real>(_ theta: [T], data: Data) throws -> T {
        try validate(theta, data)
        var ws = Workspace(self, theta)
        var total = T.zero
        let last = unitOffset(layerCount)
        for i in 0..<data.count {
            forward(theta, data, sample: i, &ws)
            total += outputLoss(ws.h, at: last, data, sample: i, delta: &ws.outputDelta)
        }
        return total / T(data.count)
    }

    /// θ ↦ L(θ) as a `ScalarFunction`, so the forward-mode routes of `Derivatives` (gradients, nested-dual Hessian-vector
    /// products) can differentiate the same loss independently of back-propagation.
    public struct MeanLoss: ScalarFunction {
        public let net: MultilayerPerceptron
        public let data: Data
        public init(net: MultilayerPerceptron, data: Data) { self.net = net; self.data = data }
        public var inputDimension: Int { net.parameterCount }
        public func callAsFunction<T: Real>(_ x: [T]) throws -> T { try net.meanLoss(x, data: data) }
    }

    /// (L(θ), ∇L(θ)) by reverse mode, L = (1/n)Σ_iℓ(x_i) — or Σ_i w_iℓ(x_i) with `sampleWeights` (held constant, e.g.
    /// frozen values of a θ-dependent weight, or batch counts/m); samples of weight exactly 0 are not evaluated.
    /// - Throws: `.dimensionMismatch` for wrong lengths (θ, data, weights). Weights are the caller's: NaN or ±∞ propagate.
    @inlinable
    public func lossAndGradient<T: Real>(_ theta: [T], data: Data, sampleWeights: [T]? = nil) throws -> (loss: T, gradient: [T]) {
        try validate(theta, data)
        if let w = sampleWeights, w.count != data.count {
            throw NumericsError.dimensionMismatch(operation: "MultilayerPerceptron sample weights", expected: "\(data.count)", got: "\(w.count)")
        }
        var ws = Workspace(self, theta)
        var g = [T](repeating: .zero, count: parameterCount)
        let uniform = T.one / T(data.count)
        var total = T.zero
        for i in 0..<data.count {
            let scale = sampleWeights?[i] ?? uniform
            // A sample of weight exactly 0 contributes nothing: skip its forward and backward pass (mini-batches).
            if scale == .zero { continue }
            total += scale * accumulateSampleGradient(theta, data, sample: i, scale: scale, into: &g, &ws)
        }
        return (total, g)
    }

    /// The per-sample gradients ∇ℓ(x_i) as the rows of an n × p matrix.
    @inlinable
    public func sampleGradients<T: Real>(_ theta: [T], data: Data) throws -> Matrix<T> {
        try validate(theta, data)
        var ws = Workspace(self, theta)
        let p = parameterCount
        var rows = [T](repeating: .zero, count: data.count * p)
        var g = [T](repeating: .zero, count: p)
        for i in 0..<data.count {
            for k in 0..<p { g[k] = .zero }
            _ = accumulateSampleGradient(theta, data, sample: i, scale: .one, into: &g, &ws)
            for k in 0..<p { rows[i * p + k] = g[k] }
        }
        return try Matrix(rows: data.count, columns: p, elements: rows)
    }

    /// min over samples, hidden layers and units of |z_{l,u}(x_i)| — zero on a ReLU kink — and max |z| (C4's margin is
    /// min/(1 + max)). For tanh networks the minimum is reported but irrelevant.
    @inlinable
    public func preactivationRange<T: RealFloat>(_ theta: [T], data: Data) throws -> (minAbs: T, maxAbs: T) {
        try validate(theta, data)
        var ws = Workspace(self, theta)
        var lo = T.infinity, hi = T.zero
        let hidden = widths[0]..<unitOffset(layerCount)
        for i in 0..<data.count {
            forward(theta, data, sample: i, &ws)
            for u in ws.z[hidden] { lo = Swift.min(lo, Swift.abs(u)); hi = Swift.max(hi, Swift.abs(u)) }
        }
        return (lo, hi)
    }

    /// Refuses a point on a kink: `.invalidArgument` when a hidden pre-activation of some sample is exactly 0 for a
    /// piecewise-linear activation (the Hessian does not exist there).
    @inlinable
    func requireSmooth<T: RealFloat>(_ theta: [T], _ data: Data, _ operation: String) throws {
        guard activation.isPiecewiseLinear, layerCount > 1 else { return }
        let r = try preactivationRange(theta, data: data)
        guard r.minAbs > 0 else {
            throw NumericsError.invalidArgument(operation: operation, detail: "a hidden pre-activation is exactly 0: θ lies on a \(activation) kink, where the Hessian does not exist")
        }
    }

    /// ∇²L(θ)·v by forward-over-reverse: back-propagation on θ + vε.
    /// - Throws: `.dimensionMismatch`, or `.invalidArgument` on a kink of a piecewise-linear activation.
    @inlinable
    public func hessianVectorProduct<T: RealFloat>(_ theta: [T], direction v: [T], data: Data, sampleWeights: [T]? = nil) throws -> [T] {
        try validate(theta, data, direction: v)
        try requireSmooth(theta, data, "MultilayerPerceptron.hessianVectorProduct")
        let dual = (0..<parameterCount).map { Dual(theta[$0], derivative: v[$0]) }
        return try lossAndGradient(dual, data: data, sampleWeights: sampleWeights?.map { Dual(constant: $0) }).gradient.map(\.derivative)
    }

    /// The full Hessian ∇²L(θ), column j = ∇²L·e_j (p forward-over-reverse passes), symmetrised as (H + Hᵀ)/2.
    /// - Throws: as `hessianVectorProduct`.
    @inlinable
    public func hessian<T: RealFloat>(_ theta: [T], data: Data, sampleWeights: [T]? = nil) throws -> Matrix<T> {
        try validate(theta, data)
        let weights = sampleWeights?.map { Dual(constant: $0) }
        try requireSmooth(theta, data, "MultilayerPerceptron.hessian")
        let p = parameterCount
        var h = try Matrix<T>(rows: p, columns: p)
        var dual = theta.map { Dual($0, derivative: T.zero) }
        for j in 0..<p {
            dual[j].derivative = .one
            let column = try lossAndGradient(dual, data: data, sampleWeights: weights).gradient
            dual[j].derivative = .zero
            for i in 0..<p { h.elements[i * p + j] = column[i].derivative }
        }
        for i in 0..<p { for j in 0..<i { let m = (h.elements[i * p + j] + h.elements[j * p + i]) / 2; h.elements[i * p + j] = m; h.elements[j * p + i] = m } }
        return h
    }
}
