import Numerics

/// One over-parameterized linear model at one parameter value: θ, the teacher θ*, and the input factor C
/// (x = C·w, covariance CCᵀ), all as exact rationals. Floating-point work converts these same values, so every
/// precision solves the same problem.
public struct OLMInstance: Sendable, Equatable, Codable {
    public let model: OverparameterizedLinearModel
    public let theta: [Rational]
    public let teacher: [Rational]
    public let inputFactor: [[Rational]]

    public init(model: OverparameterizedLinearModel, theta: [Rational], teacher: [Rational], inputFactor: [[Rational]]) throws {
        let d = model.inputDimension
        guard theta.count == model.parameterCount, teacher.count == model.parameterCount else {
            throw NumericsError.dimensionMismatch(operation: "OLMInstance", expected: "\(model.parameterCount) parameters", got: "\(theta.count), \(teacher.count)")
        }
        guard inputFactor.count == d, inputFactor.allSatisfy({ $0.count == d }) else {
            throw NumericsError.dimensionMismatch(operation: "OLMInstance", expected: "C of \(d)×\(d)", got: "\(inputFactor.count) rows")
        }
        self.model = model; self.theta = theta; self.teacher = teacher; self.inputFactor = inputFactor
    }

    /// The architectures drawn in turn: plain linear, quadratic, and deep linear nets of depth 2 and 3.
    public static func architecture(_ k: Int, dimension d: Int, widths: (Int, Int)) -> OverparameterizedLinearModel.Architecture {
        switch k % 4 {
        case 0: return .plainLinear(d: d)
        case 1: return .quadratic(d: d)
        case 2: return .deepLinear(widths: [d, widths.0, 1])
        default: return .deepLinear(widths: [d, widths.0, widths.1, 1])
        }
    }

    /// True when x₁ = C₁₁·w₁ (C's first row has no other entry), so a term in x₁ raises the degree in w₁ only.
    public var firstInputDependsOnFirstCoordinateOnly: Bool { inputFactor[0].dropFirst().allSatisfy { $0 == .zero } }

    /// A random instance. `exactGrid`: entries k/4 (|k| ≤ 4) for parameters, C lower triangular with diagonal in
    /// {1/2, 1, 3/2} and off-diagonal k/4 (|k| ≤ 2) — small denominators for exact arithmetic. Otherwise Gaussian
    /// parameters (scale 1/√fan-in for deep nets) and C = lower-triangular Gaussian + I, each Double converted exactly.
    public static func random(index k: Int, dimension d: Int, exactGrid: Bool, using rng: inout SeededGenerator) throws -> OLMInstance {
        let widths = (1 + (try rng.int(below: 3)), 1 + (try rng.int(below: 3)))
        let model = try OverparameterizedLinearModel(architecture(k, dimension: d, widths: widths))
        func entry() throws -> Rational {
            exactGrid ? try Rational(try rng.int(below: 9) - 4, 4) : try Rational(exactly: rng.normal())
        }
        var theta: [Rational] = [], teacher: [Rational] = []
        for _ in 0..<model.parameterCount { theta.append(try entry()); teacher.append(try entry()) }
        var c: [[Rational]] = []
        for i in 0..<d {
            var row: [Rational] = []
            for j in 0..<d {
                if j > i { row.append(.zero); continue }
                if exactGrid {
                    row.append(j == i ? try Rational(1 + (try rng.int(below: 3)), 2) : try Rational(try rng.int(below: 5) - 2, 4))
                } else {
                    row.append(try Rational(exactly: (j == i ? 1 : 0) + 0.5 * rng.normal()))
                }
            }
            c.append(row)
        }
        let instance = try OLMInstance(model: model, theta: theta, teacher: teacher, inputFactor: c)
        // Theorem 2.1 needs L > 0 and G ≠ 0: redraw when F(θ) = F(θ*) or ∇F(θ) = 0 (rare on the grid; probability 0
        // for Gaussian draws, whose 53-bit rationals would overflow this exact test in deep nets).
        guard exactGrid else { return instance }
        let u = try FieldVector.subtract(try model.map(theta), try model.map(teacher))
        let j = try model.jacobian(theta)
        if u.allSatisfy({ $0 == .zero }) || j.allSatisfy({ $0.allSatisfy { $0 == .zero } }) {
            return try random(index: k, dimension: d, exactGrid: exactGrid, using: &rng)
        }
        return instance
    }

    /// The population noise moments at θ in field T.
    public func moments<T: FieldElement>(_: T.Type, designs: [MomentDesign], labelNoise: LabelNoise, magnitude: ((T) -> T)? = nil) throws -> PopulationNoiseMoments<T> {
        let th = try theta.map { try $0.converted(to: T.self) }, ts = try teacher.map { try $0.converted(to: T.self) }
        let u = try FieldVector.subtract(try model.map(th), try model.map(ts))
        let c = try inputFactor.map { try $0.map { try $0.converted(to: T.self) } }
        return try PopulationNoise.moments(jacobian: try model.jacobian(th), residualMap: u, inputFactor: c, designs: designs,
                                           labelNoise: labelNoise, magnitude: magnitude)
    }
}
