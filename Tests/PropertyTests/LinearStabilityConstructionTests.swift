import Constructions
import Numerics
import Testing

@Suite("Paper 002 constructions: moment designs, linear-model Jacobians, population noise")
struct LinearStabilityConstructionTests {
    @Test("the rational designs match N(0, 1) exactly to degree 5 and 7; Rademacher only to degree 3")
    func designs() throws {
        #expect(try MomentDesign.gaussianDegree5.gaussianDegree() == 5)
        #expect(try MomentDesign.gaussianDegree7.gaussianDegree() == 7)
        #expect(try MomentDesign.rademacher.gaussianDegree() == 3)
        #expect(try MomentDesign.gaussianDegree5.moment(4) == Rational(3))
        #expect(try MomentDesign.gaussianDegree7.moment(6) == Rational(15))
        let points = try MomentDesign.productPoints([.gaussianDegree7, .gaussianDegree5])
        #expect(points.count == 35)
        #expect(try points.reduce(Rational.zero) { try $0 + $1.weight } == .one)
    }

    @Test("bad designs and products are typed errors")
    func badDesigns() throws {
        #expect(throws: NumericsError.self) { try MomentDesign(name: "x", nodes: [.one], weights: [try Rational(1, 2)]) }
        #expect(throws: NumericsError.self) { try MomentDesign(name: "x", nodes: [.one, .zero], weights: [Rational(2), Rational(-1)]) }
        #expect(throws: NumericsError.self) { try MomentDesign(name: "x", nodes: [], weights: []) }
        #expect(throws: NumericsError.self) { try MomentDesign.gaussianDegree5.productPoints(dimension: 0) }
        #expect(throws: NumericsError.self) { try MomentDesign.gaussianDegree5.productPoints(dimension: 8) }  // 5⁸ > 2¹⁶
        #expect(throws: NumericsError.self) { try MomentDesign.productPoints([]) }
    }

    @Test("Jacobians equal exact central differences with step 1 (F is of degree ≤ 2 in each single parameter)")
    func jacobians() throws {
        var rng = SeededGenerator(seed: 99)
        for k in 0..<12 {
            let inst = try OLMInstance.random(index: k, dimension: 2 + k % 3, exactGrid: true, using: &rng)
            let j = try inst.model.jacobian(inst.theta)
            for q in 0..<inst.model.parameterCount {
                var plus = inst.theta, minus = inst.theta
                plus[q] = try plus[q] + .one
                minus[q] = try minus[q] - .one
                let diff = try FieldVector.subtract(try inst.model.map(plus), try inst.model.map(minus))
                for i in 0..<inst.model.inputDimension { #expect(try diff[i] / Rational(2) == j[i][q], "\(inst.model.description), θ_\(q)") }
            }
        }
    }

    @Test("bad models and shapes are typed errors")
    func badModels() throws {
        #expect(throws: NumericsError.self) { try OverparameterizedLinearModel(.deepLinear(widths: [3, 2])) }
        #expect(throws: NumericsError.self) { try OverparameterizedLinearModel(.deepLinear(widths: [3, 2, 2])) }
        #expect(throws: NumericsError.self) { try OverparameterizedLinearModel(.quadratic(d: 0)) }
        let m = try OverparameterizedLinearModel(.plainLinear(d: 2))
        #expect(throws: NumericsError.self) { try m.map([Rational.one]) }
        #expect(throws: NumericsError.self) {
            try PopulationNoise.moments(jacobian: [[1.0, 0], [0, 1]], residualMap: [1.0, 1], inputFactor: [[1.0, 0], [0, 1]],
                                        designs: [.gaussianDegree5], labelNoise: .none)
        }
        #expect(throws: NumericsError.self) {
            try PopulationNoise.moments(jacobian: [[1.0, 0]], residualMap: [1.0, 1], inputFactor: [[1.0, 0], [0, 1]],
                                        designs: [.gaussianDegree5, .gaussianDegree5], labelNoise: .none)
        }
    }

    @Test("plain linear model, identity covariance: G = I, ∇L = u, L = ‖u‖²/2 exactly")
    func plainLinearMoments() throws {
        let one = Rational.one, zero = Rational.zero
        let m = try PopulationNoise.moments(jacobian: [[one, zero], [zero, one]], residualMap: [one, Rational(2)], inputFactor: [[one, zero], [zero, one]],
                                            designs: [.gaussianDegree5, .gaussianDegree5], labelNoise: .none)
        #expect(m.gram == [[one, zero], [zero, one]])
        #expect(m.gradient == [one, Rational(2)])
        #expect(m.loss == (try Rational(5, 2)))
        let (mu, mu1, mu2) = try m.alignment()
        // μ₂ = ‖u‖²/(‖u‖²·2) = 1/2, μ = 3/2, μ₁ = 2.
        let (half, threeHalves) = (try Rational(1, 2), try Rational(3, 2))
        #expect(mu2 == half)
        #expect(mu == threeHalves)
        #expect(mu1 == Rational(2))
    }
}
