import Numerics

/// A finite training set seen through a model's tangent features: per-sample features g_i = ∇_θ f(x_i; θ) and
/// residuals e_i = f(x_i; θ) − y_i, exactly. Then ∇L_i = e_i·g_i, L = (1/2n)Σe_i², G = (1/n)Σg_ig_iᵀ,
/// Σ₁ = (1/n)Σe_i²g_ig_iᵀ and Σ = Σ₁ − ∇L∇Lᵀ (the per-sample gradient covariance, no 1/B).
public struct FiniteSample: Sendable, Equatable {
    public let features: [[Rational]]
    public let residuals: [Rational]

    /// Throws for no samples, ragged or empty features, or a residual count different from n.
    public init(features: [[Rational]], residuals: [Rational]) throws {
        guard let p = features.first?.count, p >= 1 else { throw NumericsError.empty(operation: "FiniteSample features") }
        guard features.allSatisfy({ $0.count == p }) else {
            throw NumericsError.dimensionMismatch(operation: "FiniteSample features", expected: "rows of length \(p)", got: "ragged rows")
        }
        guard residuals.count == features.count else {
            throw NumericsError.dimensionMismatch(operation: "FiniteSample", expected: "\(features.count) residuals", got: "\(residuals.count)")
        }
        self.features = features; self.residuals = residuals
    }

    /// The training set of an over-parameterized linear model at θ: g_i = ∇F(θ)ᵀx_i, e_i = F(θ)ᵀx_i − y_i.
    public init(model: OverparameterizedLinearModel, theta: [Rational], inputs: [[Rational]], labels: [Rational]) throws {
        let j = try model.jacobian(theta), f = try model.map(theta)
        guard inputs.count == labels.count, !inputs.isEmpty else {
            throw NumericsError.dimensionMismatch(operation: "FiniteSample", expected: "\(inputs.count) labels", got: "\(labels.count)")
        }
        let g = try inputs.map { x in try (0..<model.parameterCount).map { k in try Rational.sum(try (0..<x.count).map { try j[$0][k] * x[$0] }) } }
        let e = try zip(inputs, labels).map { try Exact.dot(f, $0) - $1 }
        try self.init(features: g, residuals: e)
    }

    public var n: Int { features.count }
    public var p: Int { features[0].count }

    /// L, ∇L, G and Σ₁ as moments (reusing the population type: the finite sample is a uniform design).
    public func moments() throws -> PopulationNoiseMoments<Rational> {
        let invN = try Rational(1, n)
        var loss = Rational.zero, grad = Array(repeating: Rational.zero, count: p)
        var gram = Exact.zeros(p, p), second = Exact.zeros(p, p)
        for (g, e) in zip(features, residuals) {
            loss = try loss + e * e
            grad = try Exact.add(grad, try Exact.scale(g, by: e))
            let outer = try Exact.outer(g, g)
            gram = try Exact.add(gram, outer)
            second = try Exact.add(second, try Exact.scale(outer, by: try e * e))
        }
        return PopulationNoiseMoments(loss: try loss * invN / Rational(2), gradient: try Exact.scale(grad, by: invN), gram: try Exact.scale(gram, by: invN),
                                      secondMoment: try Exact.scale(second, by: invN), scale: nil, points: n)
    }

    /// The kernel K_ij = g_iᵀg_j (n × n).
    public func kernel() throws -> [[Rational]] { try features.map { a in try features.map { try Exact.dot(a, $0) } } }

    /// χ_i = g_iᵀGg_i = (K²)_ii/n.
    public func chi() throws -> [Rational] {
        let g = try moments().gram
        return try features.map { try Exact.dot($0, try Exact.apply(g, $0)) }
    }

    /// γ = min_i χ_i / mean χ (Assumption 1).
    public func gamma() throws -> Rational {
        let c = try chi()
        return try c.min()! / (try Rational.sum(c) / Rational(n)) // n ≥ 1
    }

    /// Eq. (11)'s quantities from the kernel side: N = Diag(e)·K·Diag(e), P = I − (1/n)11ᵀ.
    /// Returns ‖Σ‖_F² computed as ‖PNP‖_F²/n² (correct) or as the printed ‖PN‖_F²/n².
    public func sigmaFrobeniusSquared(printed: Bool) throws -> Rational {
        let k = try kernel()
        let nn = try (0..<n).map { i in try (0..<n).map { j in try residuals[i] * k[i][j] * residuals[j] } }
        let invN = try Rational(1, n)
        let centre = try (0..<n).map { i in try (0..<n).map { j in try (i == j ? Rational.one : .zero) - invN } }
        var m = try Exact.multiply(centre, nn)
        if !printed { m = try Exact.multiply(m, centre) }
        return try Rational.sum(try m.joined().map { try $0 * $0 }) / Rational(n * n)
    }
}

/// A finite training set for an over-parameterized linear model: inputs x_i and labels y_i, exact.
extension FiniteSample {
    /// A small random instance on the integer grid (the one WU-DEF-MU12 and WU-DEF-DECOUPLE share): n ∈ 3…6 samples,
    /// p ∈ 2…4 coordinates, features in {−2, …, 2}, residuals ±1…±4 (never zero).
    public static func randomSmallGrid(using rng: inout SeededGenerator) throws -> FiniteSample {
        let n = 3 + (try rng.int(below: 4)), p = 2 + (try rng.int(below: 3))
        let features = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } }
        let residuals = try (0..<n).map { _ in Rational((1 + (try rng.int(below: 4))) * (try rng.int(below: 2) == 0 ? -1 : 1)) }
        return try FiniteSample(features: features, residuals: residuals)
    }
}

public struct OLMTrainingSet: Sendable, Equatable {
    public let model: OverparameterizedLinearModel
    public let inputs: [[Rational]]
    public let labels: [Rational]

    public init(model: OverparameterizedLinearModel, inputs: [[Rational]], labels: [Rational]) throws {
        guard !inputs.isEmpty, inputs.count == labels.count, inputs.allSatisfy({ $0.count == model.inputDimension }) else {
            throw NumericsError.dimensionMismatch(operation: "OLMTrainingSet", expected: "n inputs of dimension \(model.inputDimension) and n labels",
                                                  got: "\(inputs.count) inputs, \(labels.count) labels")
        }
        self.model = model; self.inputs = inputs; self.labels = labels
    }

    /// L(θ) = (1/n)Σ ½(F(θ)ᵀx_i − y_i)² (or without the ½ when `half` is false).
    public func loss(_ theta: [Rational], half: Bool = true) throws -> Rational {
        let f = try model.map(theta)
        var s = Rational.zero
        for (x, y) in zip(inputs, labels) { let e = try Exact.dot(f, x) - y; s = try s + e * e }
        return try s / Rational(half ? 2 * inputs.count : inputs.count)
    }

    /// f(x_i; θ) for one sample.
    public func output(_ theta: [Rational], sample i: Int) throws -> Rational { try Exact.dot(try model.map(theta), inputs[i]) }

    public func sample(_ theta: [Rational]) throws -> FiniteSample { try FiniteSample(model: model, theta: theta, inputs: inputs, labels: labels) }

    /// A random deep linear network d → m → 1 (or d → m₁ → m₂ → 1) with integer inputs, parameters on the grid k/2 and
    /// labels from a teacher with the same architecture (realizable) unless `realizable` is false.
    public static func randomDeepLinear(n: Int, d: Int, depth: Int, realizable: Bool, using rng: inout SeededGenerator) throws -> (set: OLMTrainingSet, theta: [Rational], teacher: [Rational]) {
        var widths = [d]
        for _ in 0..<(depth - 1) { widths.append(1 + (try rng.int(below: 2))) }
        widths.append(1)
        let model = try OverparameterizedLinearModel(.deepLinear(widths: widths))
        func param() throws -> Rational { try Rational(try rng.int(below: 7) - 3, 2) }
        let theta = try (0..<model.parameterCount).map { _ in try param() }
        let teacher = try (0..<model.parameterCount).map { _ in try param() }
        let inputs = try (0..<n).map { _ in try (0..<d).map { _ in Rational(try rng.int(below: 5) - 2) } }
        let f = try model.map(teacher)
        let labels = try inputs.map { x in realizable ? try Exact.dot(f, x) : Rational(try rng.int(below: 5) - 2) }
        return (try OLMTrainingSet(model: model, inputs: inputs, labels: labels), theta, teacher)
    }
}
