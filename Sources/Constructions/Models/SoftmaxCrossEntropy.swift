import Numerics

/// The softmax log-loss of one sample as a function of its logits z ∈ ℝᵏ: ℓ(z; y) = log Σ_j exp z_j − z_y, with
/// q = softmax(z), gradient ∇ℓ = q − e_y and Hessian diag(q) − qqᵀ.
///
/// `logSumExp` subtracts the largest logit before exponentiating, so every exp has argument ≤ 0 and the sum lies in
/// [1, k]: no overflow for any finite logits, and the result has absolute error O(k·ε·(1 + |max z|)). The naive
/// log(Σ exp z_j) overflows to +∞ once a logit exceeds ≈ 709.8 in Double. The closed forms of the gradient and the Hessian
/// are written over `FieldElement` of the probabilities, so rational probabilities give them exactly.
public enum SoftmaxCrossEntropy {
    /// Throws `.empty` for no logits and `.nonFinite` for a NaN or infinite logit (tested as z − z ≠ 0, which works for
    /// every `Real`, dual numbers included).
    @inlinable
    static func validate<T: Real>(_ z: [T], _ operation: String) throws {
        guard !z.isEmpty else { throw NumericsError.empty(operation: operation) }
        for (j, v) in z.enumerated() where !(v - v == T.zero) {
            throw NumericsError.nonFinite(operation: operation, detail: "logit \(j) is not finite")
        }
    }

    @inlinable
    static func validateLabel(_ y: Int, classes k: Int, _ operation: String) throws {
        guard y >= 0, y < k else { throw NumericsError.invalidArgument(operation: operation, detail: "label \(y) outside 0..<\(k)") }
    }

    /// log Σ_j exp z_j, computed as m + log Σ_j exp(z_j − m) with m the largest logit. Throws as `validate`.
    @inlinable
    public static func logSumExp<T: Real>(_ z: [T]) throws -> T {
        try validate(z, "logSumExp")
        var m = z[0]
        for v in z where v > m { m = v }
        var s = T.zero
        for v in z { s += T.exp(v - m) }
        return m + T.log(s)
    }

    /// softmax(z) = exp(z − m)/Σ exp(z − m): every entry in [0, 1], the largest ≥ 1/k. Throws as `validate`.
    @inlinable
    public static func probabilities<T: Real>(_ z: [T]) throws -> [T] {
        try validate(z, "softmax")
        var m = z[0]
        for v in z where v > m { m = v }
        let e = z.map { T.exp($0 - m) }
        var s = T.zero
        for v in e { s += v }
        return e.map { $0 / s }
    }

    /// ℓ(z; y) = logSumExp(z) − z_y ≥ 0. Finite whenever the loss is representable: it overflows to +∞ only when
    /// max z − z_y itself exceeds the largest finite value (e.g. logits ±10³⁰⁸). Throws as `validate`, or
    /// `.invalidArgument` for a label outside 0..<k.
    @inlinable
    public static func loss<T: Real>(logits z: [T], label y: Int) throws -> T {
        try validateLabel(y, classes: z.count, "softmax cross-entropy")
        return try logSumExp(z) - z[y]
    }

    /// r = q − e_y, the gradient of ℓ with respect to the logits (its entries sum to 0 when q does to 1).
    @inlinable
    public static func residual<T: FieldElement>(probabilities q: [T], label y: Int) throws -> [T] {
        guard !q.isEmpty else { throw NumericsError.empty(operation: "softmax residual") }
        try validateLabel(y, classes: q.count, "softmax residual")
        var r = q
        r[y] = try r[y].subtracting(T.one)
        return r
    }

    /// S = diag(q) − qqᵀ, the Hessian of ℓ with respect to the logits (for any label): PSD with null vector 1 when q is a
    /// probability vector, of rank k − 1 when every q_j > 0.
    @inlinable
    public static func curvature<T: FieldElement>(probabilities q: [T]) throws -> [[T]] {
        guard !q.isEmpty else { throw NumericsError.empty(operation: "softmax curvature") }
        let k = q.count
        return try (0..<k).map { a in
            try (0..<k).map { b in
                let outer = try q[a].multiplied(by: q[b])
                return a == b ? try q[a].subtracting(outer) : try T.zero.subtracting(outer)
            }
        }
    }

    /// ℓ(·; y) as a `ScalarFunction` of the k logits, for automatic differentiation.
    public struct Loss: ScalarFunction {
        public let classes: Int
        public let label: Int
        public init(classes: Int, label: Int) throws {
            guard classes >= 1 else { throw NumericsError.invalidArgument(operation: "SoftmaxCrossEntropy.Loss", detail: "classes \(classes) < 1") }
            try SoftmaxCrossEntropy.validateLabel(label, classes: classes, "SoftmaxCrossEntropy.Loss")
            self.classes = classes; self.label = label
        }
        public var inputDimension: Int { classes }
        @inlinable
        public func callAsFunction<T: Real>(_ z: [T]) throws -> T {
            guard z.count == classes else {
                throw NumericsError.dimensionMismatch(operation: "SoftmaxCrossEntropy.Loss", expected: "\(classes) logits", got: "\(z.count)")
            }
            return try SoftmaxCrossEntropy.loss(logits: z, label: label)
        }
    }
}
