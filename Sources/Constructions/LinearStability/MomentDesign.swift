import Numerics

/// A finite symmetric distribution on the line with rational nodes and weights. Those matching the moments of
/// N(0, 1) up to a degree make the Gaussian expectation of any polynomial of at most that degree in each
/// coordinate a finite weighted sum — exact in rationals, and rounding-only in floating point — because a product
/// design over d coordinates reproduces every mixed moment whose per-coordinate degrees are within the range.
public struct MomentDesign: Sendable, Equatable {
    public let name: String
    public let nodes: [Rational]
    public let weights: [Rational]

    /// Throws unless there is at least one node, weights are non-negative and sum to 1, and lengths agree.
    public init(name: String, nodes: [Rational], weights: [Rational]) throws {
        guard !nodes.isEmpty, nodes.count == weights.count else {
            throw NumericsError.dimensionMismatch(operation: "MomentDesign \(name)", expected: "\(nodes.count) weights", got: "\(weights.count)")
        }
        var total = Rational.zero
        for w in weights {
            guard !(w < .zero) else { throw NumericsError.invalidArgument(operation: "MomentDesign \(name)", detail: "negative weight \(w)") }
            total = try total + w
        }
        guard total == .one else { throw NumericsError.invalidArgument(operation: "MomentDesign \(name)", detail: "weights sum to \(total), not 1") }
        self.name = name; self.nodes = nodes; self.weights = weights
    }

    static func r(_ p: Int, _ q: Int) -> Rational { try! Rational(p, q) } // literal q ≠ 0

    /// {0, ±1, ±2} with weights {1/2, 1/6, 1/12}: E w² = 1, E w⁴ = 3, odd moments 0 — Gaussian to degree 5.
    public static let gaussianDegree5 = try! MomentDesign( // weights are literal and sum to 1
        name: "five-point design (Gaussian moments to degree 5)",
        nodes: [r(-2, 1), r(-1, 1), .zero, .one, r(2, 1)], weights: [r(1, 12), r(1, 6), r(1, 2), r(1, 6), r(1, 12)])

    /// {0, ±1, ±2, ±3} with weights {7/18, 1/4, 1/20, 1/180}: moments 1, 3, 15 at degrees 2, 4, 6 — Gaussian to degree 7.
    public static let gaussianDegree7 = try! MomentDesign( // weights are literal and sum to 1
        name: "seven-point design (Gaussian moments to degree 7)",
        nodes: [r(-3, 1), r(-2, 1), r(-1, 1), .zero, .one, r(2, 1), r(3, 1)],
        weights: [r(1, 180), r(1, 20), r(1, 4), r(7, 18), r(1, 4), r(1, 20), r(1, 180)])

    /// Rademacher ±1: variance 1 but fourth moment 1, not 3.
    public static let rademacher = try! MomentDesign(name: "Rademacher ±1", nodes: [r(-1, 1), .one], weights: [r(1, 2), r(1, 2)]) // literal

    /// E w^k exactly.
    public func moment(_ k: Int) throws -> Rational {
        var s = Rational.zero
        for (x, w) in zip(nodes, weights) {
            var p = Rational.one
            for _ in 0..<k { p = try p * x }
            s = try s + w * p
        }
        return s
    }

    /// The largest degree up to which every moment equals that of N(0, 1) (0 if even the variance differs).
    public func gaussianDegree(upTo limit: Int = 12) throws -> Int {
        var gaussian = Rational.one // E z^0
        for k in 1...limit {
            // N(0, 1): odd moments 0, even moments (k − 1)!!.
            if k % 2 == 0 { gaussian = try gaussian * Rational(k - 1) }
            let target = k % 2 == 1 ? Rational.zero : gaussian
            if try moment(k) != target { return k - 1 }
        }
        return limit
    }

    /// Every point of the d-fold product design with its weight, in lexicographic order of node indices.
    /// Throws when nodes^d exceeds `limit` points.
    public func productPoints(dimension d: Int, limit: Int = 1 << 16) throws -> [(point: [Rational], weight: Rational)] {
        guard d >= 1 else { throw NumericsError.invalidArgument(operation: "MomentDesign.productPoints", detail: "dimension \(d) < 1") }
        return try Self.productPoints(Array(repeating: self, count: d), limit: limit)
    }

    /// The product of one design per coordinate (coordinate k drawn from designs[k], independently), in
    /// lexicographic order of node indices. Throws for no coordinates or more than `limit` points.
    public static func productPoints(_ designs: [MomentDesign], limit: Int = 1 << 16) throws -> [(point: [Rational], weight: Rational)] {
        guard !designs.isEmpty else { throw NumericsError.invalidArgument(operation: "MomentDesign.productPoints", detail: "no coordinates") }
        var count = 1
        for design in designs {
            count *= design.nodes.count
            guard count <= limit else {
                throw NumericsError.invalidArgument(operation: "MomentDesign.productPoints", detail: "the product design has more than \(limit) points")
            }
        }
        var out: [(point: [Rational], weight: Rational)] = [([], .one)]
        for design in designs {
            var next: [(point: [Rational], weight: Rational)] = []
            next.reserveCapacity(out.count * design.nodes.count)
            for (p, w) in out { for (x, v) in zip(design.nodes, design.weights) { next.append((p + [x], try w * v)) } }
            out = next
        }
        return out
    }
}
