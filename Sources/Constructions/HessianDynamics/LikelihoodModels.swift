import Numerics

/// The three matrices of paper 004's Proposition 1 for one model at one θ: the Hessian H_f of the mean negative
/// log-likelihood, the second moment M of the per-sample gradients, and H_p = (1/n)Σ Hess p_i/p_i.
public struct ProbabilityHessians<T>: Sendable where T: Sendable {
    public let hf: [[T]], m: [[T]], hp: [[T]]
    public init(hf: [[T]], m: [[T]], hp: [[T]]) { self.hf = hf; self.m = m; self.hp = hp }
}

/// (1/n)Σ_i c_i x_ix_iᵀ over any field: the shape of every closed form in Table 1. The upper triangle is accumulated
/// and mirrored, so the result is exactly symmetric in floating point too (a difference of two such matrices, pure
/// rounding noise where they agree, stays symmetric for the eigensolvers).
@inlinable
func weightedGram<T: FieldElement>(_ x: [[T]], _ c: [T]) throws -> [[T]] {
    let n = x.count, p = x[0].count
    let invN = try T.one.divided(by: T(n))
    var out = Array(repeating: Array(repeating: T.zero, count: p), count: p)
    for i in 0..<n {
        let w = try c[i].multiplied(by: invN)
        for a in 0..<p {
            let left = try w.multiplied(by: x[i][a])
            for b in a..<p { out[a][b] = try out[a][b].adding(left.multiplied(by: x[i][b])) }
        }
    }
    for a in 0..<p { for b in 0..<a { out[a][b] = out[b][a] } }
    return out
}

/// Linear regression with Gaussian noise of variance σ² (paper 004, Table 1 and App. B.4.1): p(y | x, θ) = N(y; xᵀθ, σ²),
/// f_i(θ) = −log p_i = (xᵀθ − y)²/(2σ²) + ½log(2πσ²). The data are a `LeastSquaresProblem` (validated there) and are
/// converted exactly to every field, so the exact and rounded tiers solve the same problem.
public struct GaussianLinearRegression: Sendable {
    public let data: LeastSquaresProblem
    public let variance: Double

    /// Throws `.invalidArgument` unless σ² is positive and finite.
    public init(data: LeastSquaresProblem, variance: Double) throws {
        guard variance > 0, variance.isFinite else {
            throw NumericsError.invalidArgument(operation: "GaussianLinearRegression", detail: "variance \(variance) must be positive and finite")
        }
        self.data = data; self.variance = variance
    }

    /// Table 1: H_f = XᵀX/(nσ²), M = (1/(nσ⁴))Σ r_i²x_ix_iᵀ, H_p = (1/(nσ⁴))Σ(r_i² − σ²)x_ix_iᵀ with r_i = x_iᵀθ − y_i.
    /// Exact in `Rational`. Throws `.dimensionMismatch` for a θ of the wrong length.
    @inlinable
    public func closedForms<T: FieldElement>(at theta: [T]) throws -> ProbabilityHessians<T> {
        guard theta.count == data.dimension else {
            throw NumericsError.dimensionMismatch(operation: "GaussianLinearRegression.closedForms", expected: "θ of length \(data.dimension)", got: "\(theta.count)")
        }
        let x = try data.features.map { try $0.map { try T(converting: $0) } }
        let s2 = try T(converting: variance)
        let s4 = try s2.multiplied(by: s2)
        var cf: [T] = [], cm: [T] = [], cp: [T] = []
        for i in 0..<data.count {
            let r = try FieldVector.dot(x[i], theta).subtracting(T(converting: data.targets[i]))
            let r2 = try r.multiplied(by: r)
            cf.append(try T.one.divided(by: s2))
            cm.append(try r2.divided(by: s4))
            cp.append(try r2.subtracting(s2).divided(by: s4))
        }
        return ProbabilityHessians(hf: try weightedGram(x, cf), m: try weightedGram(x, cm), hp: try weightedGram(x, cp))
    }

    /// f_i(θ) = (x_iᵀθ − y_i)²/(2σ²) + ½log(2πσ²), for automatic differentiation.
    public func negativeLogLikelihood(_ i: Int) -> SampleFunction { SampleFunction(x: data.features[i], y: data.targets[i], variance: variance, kind: .negativeLog) }
    /// p_i(θ) = N(y_i; x_iᵀθ, σ²), the density itself (its Hessian divided by p_i gives H_p's term).
    public func density(_ i: Int) -> SampleFunction { SampleFunction(x: data.features[i], y: data.targets[i], variance: variance, kind: .density) }

    public struct SampleFunction: ScalarFunction {
        public enum Kind: Sendable { case negativeLog, density }
        public let x: [Double], y: Double, variance: Double, kind: Kind
        public var inputDimension: Int { x.count }
        @inlinable
        public func callAsFunction<T: Real>(_ theta: [T]) throws -> T {
            guard theta.count == x.count else {
                throw NumericsError.dimensionMismatch(operation: "GaussianLinearRegression sample", expected: "θ of length \(x.count)", got: "\(theta.count)")
            }
            var r = -T(y)
            for k in 0..<x.count { r += T(x[k]) * theta[k] }
            let quad = r * r / (T(2) * T(variance))
            let logNorm = T.log(T(2) * T(Double.pi) * T(variance)) / T(2)
            return kind == .negativeLog ? quad + logNorm : T.exp(-quad - logNorm)
        }
    }
}

/// Binary logistic regression (paper 004, Table 1 and App. B.4.2): P(y = 1 | x, θ) = s(xᵀθ), s(u) = 1/(1 + e^{−u}),
/// labels y ∈ {0, 1}, f_i = −log P(y_i | x_i, θ). Every probability and its complement is evaluated directly
/// (s(u) and s(−u)), never as 1 − s(u), so they keep full relative accuracy at large margins.
public struct BinaryLogisticRegression: Sendable {
    public let features: [[Double]]
    public let labels: [Int]

    /// Throws `.empty`, `.dimensionMismatch` for ragged features or a label count that differs, `.nonFinite` for a non-finite
    /// feature, `.invalidArgument` for a label outside {0, 1}.
    public init(features: [[Double]], labels: [Int]) throws {
        guard let first = features.first, !first.isEmpty else { throw NumericsError.empty(operation: "BinaryLogisticRegression") }
        guard labels.count == features.count else {
            throw NumericsError.dimensionMismatch(operation: "BinaryLogisticRegression", expected: "\(features.count) labels", got: "\(labels.count)")
        }
        for (i, x) in features.enumerated() {
            guard x.count == first.count else {
                throw NumericsError.dimensionMismatch(operation: "BinaryLogisticRegression", expected: "feature width \(first.count)", got: "\(x.count) at sample \(i)")
            }
            try x.requireFinite("BinaryLogisticRegression features")
        }
        for y in labels where y != 0 && y != 1 { throw NumericsError.invalidArgument(operation: "BinaryLogisticRegression", detail: "label \(y) is not 0 or 1") }
        self.features = features; self.labels = labels
    }

    public var count: Int { features.count }
    public var dimension: Int { features[0].count }

    /// s(u) = 1/(1 + e^{−u}), evaluated as e^{u}/(1 + e^{u}) for u < 0 so that e^{±u} never overflows.
    @inlinable
    public static func sigmoid<T: Real>(_ u: T) -> T { u >= T.zero ? T.one / (T.one + T.exp(-u)) : T.exp(u) / (T.one + T.exp(u)) }

    /// The margin u_i = x_iᵀθ.
    @inlinable
    public func margin<T: Real>(_ i: Int, _ theta: [T]) -> T {
        var u = T.zero
        for k in 0..<dimension { u += T(features[i][k]) * theta[k] }
        return u
    }

    /// q_i = P(y_i | x_i, θ), the probability of the observed label, and its complement 1 − q_i, both to full relative accuracy.
    @inlinable
    public func labelProbability<T: Real>(_ i: Int, _ theta: [T]) -> (q: T, complement: T) {
        let u = margin(i, theta), signed = labels[i] == 1 ? u : -u
        return (Self.sigmoid(signed), Self.sigmoid(-signed))
    }

    /// Table 1: H_f = (1/n)Σσ_ix_ix_iᵀ with σ_i = p_i(1 − p_i), M = (1/n)Σ(p_i − y_i)²x_ix_iᵀ, H_p = (1/n)Σ[(p_i − y_i)² − σ_i]x_ix_iᵀ,
    /// p_i = s(x_iᵀθ). In terms of q_i: σ_i = q_i(1 − q_i) and (p_i − y_i)² = (1 − q_i)². Throws `.dimensionMismatch`.
    @inlinable
    public func closedForms<T: RealFloat>(at theta: [T]) throws -> ProbabilityHessians<T> {
        guard theta.count == dimension else {
            throw NumericsError.dimensionMismatch(operation: "BinaryLogisticRegression.closedForms", expected: "θ of length \(dimension)", got: "\(theta.count)")
        }
        let x = features.map { $0.map { T($0) } }
        var cf: [T] = [], cm: [T] = [], cp: [T] = []
        for i in 0..<count {
            let (q, c) = labelProbability(i, theta)
            cf.append(q * c); cm.append(c * c); cp.append(c * c - q * c)
        }
        return ProbabilityHessians(hf: try weightedGram(x, cf), m: try weightedGram(x, cm), hp: try weightedGram(x, cp))
    }

    /// f_i(θ) = −log q_i = log(1 + e^{−v}), v the signed margin, for automatic differentiation (stable for either sign of v).
    public func negativeLogLikelihood(_ i: Int) -> SampleFunction { SampleFunction(x: features[i], label: labels[i], kind: .negativeLog) }
    /// q_i(θ) itself.
    public func probability(_ i: Int) -> SampleFunction { SampleFunction(x: features[i], label: labels[i], kind: .probability) }

    public struct SampleFunction: ScalarFunction {
        public enum Kind: Sendable { case negativeLog, probability }
        public let x: [Double], label: Int, kind: Kind
        public var inputDimension: Int { x.count }
        @inlinable
        public func callAsFunction<T: Real>(_ theta: [T]) throws -> T {
            guard theta.count == x.count else {
                throw NumericsError.dimensionMismatch(operation: "BinaryLogisticRegression sample", expected: "θ of length \(x.count)", got: "\(theta.count)")
            }
            var u = T.zero
            for k in 0..<x.count { u += T(x[k]) * theta[k] }
            let v = label == 1 ? u : -u
            switch kind {
            case .probability: return BinaryLogisticRegression.sigmoid(v)
            case .negativeLog: return v >= T.zero ? T.log1p(T.exp(-v)) : -v + T.log1p(T.exp(v))
            }
        }
    }
}
