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

@Suite("Linearized SGD: exact stability test and the floating-point spectrum")
struct LinearizedSGDTests {
    @Test("exact definiteness: PD, singular PSD, indefinite, zero-diagonal cases; bad shapes are typed errors")
    func definiteness() throws {
        let one = Rational.one, zero = Rational.zero, two = Rational(2)
        #expect(try Exact.definiteness([[two, one], [one, two]]) == (true, true))
        #expect(try Exact.definiteness([[one, one], [one, one]]) == (true, false))
        #expect(try Exact.definiteness([[one, two], [two, one]]) == (false, false))
        #expect(try Exact.definiteness([[zero, one], [one, two]]) == (false, false))
        #expect(try Exact.definiteness([[zero, zero], [zero, two]]) == (true, false))
        #expect(throws: NumericsError.self) { try Exact.definiteness([[one, two], [one, one]]) }
        #expect(throws: NumericsError.self) { try Exact.definiteness([[one, two]]) }
    }

    @Test("E1 (n = B + 1, one unit feature): stable exactly for η ≤ n, in rationals and in the closed form")
    func tightFamily() throws {
        for b in 1...4 {
            let n = b + 1
            let sgd = try LinearizedSGD(features: [[.one]] + Array(repeating: [.zero], count: b), batch: b)
            #expect(try sgd.isLinearlyStable(eta: Rational(n), noise: .withReplacement))
            #expect(try !sgd.isLinearlyStable(eta: try Rational(1001 * n, 1000), noise: .withReplacement))
            // Closed form in Double: η_crit = n within a few ulps.
            let spectrum = try LinearizedSGDSpectrum(features: [[1.0]] + Array(repeating: [0.0], count: b), batch: b, relativeCutoff: 1e-12)
            #expect(abs(try spectrum.criticalStep(noise: .withReplacement) - Double(n)) <= 8 * Double(n) * Double.ulpOfOne)
        }
    }

    @Test("Tr(HΣ(δ)) = δᵀAδ exactly, and the closed-form η_crit matches bisection on ρ(T_η) ≤ 1")
    func alignmentAndCriticalStep() throws {
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<10 {
            let features = try (0..<4).map { _ in try (0..<2).map { _ in Rational(try rng.int(below: 5) - 2) } }
            let sgd = try LinearizedSGD(features: features, batch: 2)
            let a = try sgd.alignmentMatrix()
            let delta = [Rational(1), Rational(-2)]
            #expect(try sgd.traceHSigma(delta) == Exact.dot(delta, try Exact.apply(a, delta)))
        }
        let features = (0..<6).map { _ in (0..<3).map { _ in rng.normal() } }
        let spectrum = try LinearizedSGDSpectrum(features: features, batch: 3, relativeCutoff: 1e-12)
        let critical = try spectrum.criticalStep(noise: .withReplacement)
        var lo = 0.0, hi = 4 * critical
        for _ in 0..<60 { let mid = (lo + hi) / 2; if try spectrum.spectralRadius(eta: mid, noise: .withReplacement) <= 1 { lo = mid } else { hi = mid } }
        #expect(abs(lo - critical) / critical < 1e-8)
    }

    @Test("bad input: no features, ragged rows, B < 1, non-finite values, all-zero features")
    func badInput() throws {
        #expect(throws: NumericsError.self) { try LinearizedSGD(features: [], batch: 1) }
        #expect(throws: NumericsError.self) { try LinearizedSGD(features: [[.one], [.one, .one]], batch: 1) }
        #expect(throws: NumericsError.self) { try LinearizedSGD(features: [[.one]], batch: 0) }
        #expect(throws: NumericsError.self) { try LinearizedSGDSpectrum(features: [[Double.nan]], batch: 1, relativeCutoff: 1e-12) }
        #expect(throws: NumericsError.self) { try LinearizedSGDSpectrum(features: [[0.0], [0.0]], batch: 1, relativeCutoff: 1e-12) }
        #expect(throws: NumericsError.self) { try LinearizedSGDSpectrum(features: [[1.0]], batch: -1, relativeCutoff: 1e-12) }
    }
}
