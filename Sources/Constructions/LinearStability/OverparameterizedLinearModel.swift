import Numerics

extension Rational {
    /// This rational in any field: exact in `Rational`, one rounding (of the quotient) in floating point.
    /// Throws `.overflow` when numerator or denominator do not fit an `Int`.
    @inlinable
    public func converted<T: FieldElement>(to _: T.Type) throws -> T {
        guard let p = Int(exactly: numerator), let q = Int(exactly: denominator) else {
            throw NumericsError.overflow(operation: "Rational.converted (\(self))")
        }
        return try T(p).divided(by: T(q))
    }
}

/// An over-parameterized linear model f(x; θ) = F(θ)ᵀx with a polynomial re-parameterisation F: ℝᵖ → ℝᵈ, whose
/// Jacobian ∇F (d × p) is in closed form. The landscape in θ can be non-convex; in x the model is linear.
public struct OverparameterizedLinearModel: Sendable, Equatable, Codable {
    public enum Architecture: Sendable, Equatable, Codable {
        /// F(θ) = θ (p = d).
        case plainLinear(d: Int)
        /// F(θ) = W₁W₂⋯W_L with W_k of shape widths[k−1] × widths[k], widths = [d, m₁, …, 1]; θ lists each W_k row-major.
        case deepLinear(widths: [Int])
        /// θ = (a, b) ∈ ℝ^{2d}, F(θ)_k = a_k² − b_k².
        case quadratic(d: Int)
    }

    public let architecture: Architecture

    /// Throws for a dimension below 1, a deep net with fewer than two layers or whose last width is not 1.
    public init(_ architecture: Architecture) throws {
        switch architecture {
        case .plainLinear(let d), .quadratic(let d):
            guard d >= 1 else { throw NumericsError.invalidArgument(operation: "OverparameterizedLinearModel", detail: "d = \(d) < 1") }
        case .deepLinear(let widths):
            guard widths.count >= 3, widths.last == 1, widths.allSatisfy({ $0 >= 1 }) else {
                throw NumericsError.invalidArgument(operation: "OverparameterizedLinearModel",
                                                    detail: "deep linear widths \(widths) must be [d, m₁, …, 1] with at least two layers and positive widths")
            }
        }
        self.architecture = architecture
    }

    public var inputDimension: Int {
        switch architecture {
        case .plainLinear(let d), .quadratic(let d): return d
        case .deepLinear(let widths): return widths[0]
        }
    }

    public var parameterCount: Int {
        switch architecture {
        case .plainLinear(let d): return d
        case .quadratic(let d): return 2 * d
        case .deepLinear(let widths): return zip(widths, widths.dropFirst()).map { $0 * $1 }.reduce(0, +)
        }
    }

    public var description: String {
        switch architecture {
        case .plainLinear(let d): return "plain linear, d = \(d)"
        case .quadratic(let d): return "quadratic a² − b², d = \(d)"
        case .deepLinear(let widths): return "deep linear " + widths.map(String.init).joined(separator: "→")
        }
    }

    func requireParameters<T>(_ theta: [T]) throws {
        guard theta.count == parameterCount else {
            throw NumericsError.dimensionMismatch(operation: "OverparameterizedLinearModel", expected: "\(parameterCount) parameters", got: "\(theta.count)")
        }
    }

    /// The layer matrices W_k of a deep net (row-major slices of θ).
    func layers<T>(_ theta: [T], _ widths: [Int]) -> [[[T]]] {
        var offset = 0
        return zip(widths, widths.dropFirst()).map { rows, cols in
            defer { offset += rows * cols }
            return (0..<rows).map { i in Array(theta[(offset + i * cols)..<(offset + (i + 1) * cols)]) }
        }
    }

    static func multiply<T: FieldElement>(_ a: [[T]], _ b: [[T]]) throws -> [[T]] {
        try a.map { row in try (0..<b[0].count).map { j in
            var s = T.zero
            for k in 0..<row.count { s = try s.adding(row[k].multiplied(by: b[k][j])) }
            return s
        } }
    }

    static func identity<T: FieldElement>(_ n: Int) -> [[T]] { (0..<n).map { i in (0..<n).map { $0 == i ? T.one : T.zero } } }

    /// F(θ) ∈ ℝᵈ.
    public func map<T: FieldElement>(_ theta: [T]) throws -> [T] {
        try requireParameters(theta)
        switch architecture {
        case .plainLinear: return theta
        case .quadratic(let d):
            return try (0..<d).map { k in try theta[k].multiplied(by: theta[k]).subtracting(theta[d + k].multiplied(by: theta[d + k])) }
        case .deepLinear(let widths):
            var product: [[T]] = Self.identity(widths[0])
            for w in layers(theta, widths) { product = try Self.multiply(product, w) }
            return product.map { $0[0] }
        }
    }

    /// ∇F(θ), d × p: column k is ∂F/∂θ_k.
    public func jacobian<T: FieldElement>(_ theta: [T]) throws -> [[T]] {
        try requireParameters(theta)
        let d = inputDimension, p = parameterCount
        var j = Array(repeating: Array(repeating: T.zero, count: p), count: d)
        switch architecture {
        case .plainLinear:
            for k in 0..<d { j[k][k] = .one }
        case .quadratic:
            let two = T(2)
            for k in 0..<d {
                j[k][k] = try two.multiplied(by: theta[k])
                j[k][d + k] = try T.zero.subtracting(two.multiplied(by: theta[d + k]))
            }
        case .deepLinear(let widths):
            // ∂F/∂W_k[a, b] = (W₁⋯W_{k−1})[:, a] · (W_{k+1}⋯W_L)[b, 0].
            let ws = layers(theta, widths)
            var left: [[[T]]] = [Self.identity(widths[0])]
            for w in ws.dropLast() { left.append(try Self.multiply(left.last!, w)) } // left is non-empty
            var right: [[[T]]] = [[[T.one]]]
            for w in ws.dropFirst().reversed() { right.insert(try Self.multiply(w, right[0]), at: 0) }
            var column = 0
            for (k, w) in ws.enumerated() {
                for a in 0..<w.count {
                    for b in 0..<w[0].count {
                        for i in 0..<d { j[i][column] = try left[k][i][a].multiplied(by: right[k][b][0]) }
                        column += 1
                    }
                }
            }
        }
        return j
    }
}
