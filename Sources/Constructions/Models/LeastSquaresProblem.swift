import Numerics

/// Linear least squares with per-sample loss L(z; θ) = ½(xᵀθ − y)², z = (x, y).
///
/// Features and targets are stored as Doubles and are converted *exactly* to `Rational` for the
/// exact tier and to `Float80` for the extended-precision cross-check, so all tiers solve the
/// same problem. Dyadic data (small integers over powers of two) keep rationals small.
public struct LeastSquaresProblem: Sendable {
    public let features: [[Double]]
    public let targets: [Double]

    /// Throws for empty data, ragged or zero-width features, length mismatch or non-finite values.
    public init(features: [[Double]], targets: [Double]) throws {
        guard !features.isEmpty else { throw NumericsError.empty(operation: "LeastSquaresProblem") }
        guard features.count == targets.count else {
            throw NumericsError.dimensionMismatch(operation: "LeastSquaresProblem", expected: "\(features.count) targets", got: "\(targets.count)")
        }
        let d = features[0].count
        guard d > 0 else { throw NumericsError.invalidArgument(operation: "LeastSquaresProblem", detail: "features have zero width") }
        for (i, x) in features.enumerated() {
            guard x.count == d else {
                throw NumericsError.dimensionMismatch(operation: "LeastSquaresProblem", expected: "feature width \(d)", got: "\(x.count) at sample \(i)")
            }
            try x.requireFinite("LeastSquaresProblem features")
        }
        try targets.requireFinite("LeastSquaresProblem targets")
        self.features = features
        self.targets = targets
    }

    public var count: Int { features.count }
    public var dimension: Int { features[0].count }

    /// The first `n` samples as a problem of their own.
    public func prefix(_ n: Int) throws -> LeastSquaresProblem {
        guard n >= 1, n <= count else {
            throw NumericsError.invalidArgument(operation: "LeastSquaresProblem.prefix", detail: "need 1 ≤ n ≤ \(count), got \(n)")
        }
        return try LeastSquaresProblem(features: Array(features[0..<n]), targets: Array(targets[0..<n]))
    }

    /// The per-sample loss as a function of θ that can be evaluated on dual numbers.
    public func sampleLoss(_ i: Int) -> LeastSquaresSampleLoss {
        LeastSquaresSampleLoss(x: features[i], y: targets[i])
    }

    public func exactFeatures() throws -> [[Rational]] { try features.map { try $0.map { try Rational(exactly: $0) } } }
    public func exactTargets() throws -> [Rational] { try targets.map { try Rational(exactly: $0) } }

    /// Per-sample gradients g_i = x_i (x_iᵀθ − y_i) in any field: exact in `Rational`, rounded in
    /// `Double` or `Float80` (the data are converted exactly, so every tier solves the same problem).
    @inlinable
    public func sampleGradients<T: FieldElement>(at theta: [T]) throws -> [[T]] {
        guard theta.count == dimension else {
            throw NumericsError.dimensionMismatch(operation: "sampleGradients", expected: "θ of length \(dimension)", got: "\(theta.count)")
        }
        return try (0..<count).map { i in
            let x = try features[i].map { try T(converting: $0) }
            let r = try FieldVector.dot(x, theta).subtracting(T(converting: targets[i]))
            return try FieldVector.scale(x, by: r)
        }
    }

    /// Per-sample gradients in exact rational arithmetic.
    public func exactSampleGradients(at theta: [Rational]) throws -> [[Rational]] { try sampleGradients(at: theta) }
}

/// ½(xᵀθ − y)² for one sample.
public struct LeastSquaresSampleLoss: ScalarFunction {
    public let x: [Double]
    public let y: Double
    public init(x: [Double], y: Double) { self.x = x; self.y = y }
    public var inputDimension: Int { x.count }

    public func callAsFunction<T: Real>(_ theta: [T]) throws -> T {
        guard theta.count == x.count else {
            throw NumericsError.dimensionMismatch(operation: "least-squares loss", expected: "θ of length \(x.count)", got: "\(theta.count)")
        }
        var r = -T(y)
        for k in 0..<x.count { r += T(x[k]) * theta[k] }
        return T(0.5) * r * r
    }
}
