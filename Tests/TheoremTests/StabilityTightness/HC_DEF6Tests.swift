import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-DEF6 the Hessian-contractive region: the encoded ratio, its sampled constant, and what is not HC")
struct HC_DEF6Tests {
    @Test("least squares: γ̂ > 0 and equal to the exact best constant 10/9; every sampled ratio within its rounding bound")
    func leastSquaresIsContractive() async throws {
        let r = try await claimResult("HC-DEF6")
        #expect(r.verdict == .definition && r.passed && r.tier == .exact)
        #expect(figure(r, "gammaExact[sigma=1]")?.exact == "10/9")
        let hat = try #require(figure(r, "gammaHat[sigma=1]")).value
        #expect(abs(hat - 10.0 / 9) < 1e-14) // the sampled minimum attains the exact infimum (every sample is hit)
        #expect(try #require(figure(r, "estimatorErrorOverBound")).value <= 1)
        #expect(figure(r, "evaluatedRatios")?.exact == "1800") // 300 pairs × 6 samples at quick scale
    }

    @Test("controls: a concave link gives negative ratios, the Huber link a vanishing Hessian (ratio 0)")
    func notContractive() async throws {
        let r = try await claimResult("HC-DEF6")
        let concave = try #require(r.controls.first { $0.name == "concave per-sample loss" })
        #expect(concave.flagged && Set(concave.failing) == ["gammaHat[sigma=1]", "gammaExact[sigma=1]"])
        #expect(controlFigure(r, concave.name, "gammaExact[sigma=1]")?.exact == "-95/33")
        let huber = try #require(r.controls.first { $0.name == "Huber loss with δ = 1/10" })
        #expect(huber.failing == ["gammaHat[sigma=1]"])
        #expect(controlFigure(r, huber.name, "gammaHat[sigma=1]")?.value == 0) // H_{w'} = 0 exactly where every residual exceeds δ
    }

    @Test("the dual-number Hessian-vector product of the tanh network equals the nested-dual Hessian of its loss")
    func hvpMatchesHessian() throws {
        struct MeanLoss: ScalarFunction {
            let net: TanhNetwork
            var inputDimension: Int { net.parameterCount }
            func callAsFunction<T: Real>(_ w: [T]) throws -> T { try net.meanLoss(w) }
        }
        let data = try TeacherData(n: 12, inputs: 4, hidden: 8, noise: 0.1, seed: 5)
        var rng = SeededGenerator(seed: 9)
        let w = try HessianContractivity.onSphere(centre: data.teacher, radius: 1, rng: &rng)
        let v = (0..<49).map { _ in rng.normal() }
        let hv = try data.network.hessianVectorProduct(at: w, along: v, samples: data.network.allSamples)
        let reference = try Derivatives.hessianVectorProduct(of: MeanLoss(net: data.network), at: w, along: v)
        let scale = reference.map(abs).max()!
        for k in 0..<49 { #expect(abs(hv[k] - reference[k]) <= 1e-12 * max(scale, 1), "component \(k)") }
    }

    @Test("the exact least-squares ratios and ξ of the example data")
    func exampleData() throws {
        let x = try ContractivityExample.model(.leastSquares).exactFeatures()
        #expect(try selfCorrelation(of: x) == (try Rational(8, 3)))
        #expect(try selfCorrelation(of: ContractivityExample.features) == (try Rational(8, 3)))
        let ratios = try HessianContractivity.exactLinearRatios(features: x, curvature: .one).map { $0?.description }
        #expect(ratios == ["5/2", "8/3", "4/3", "3/2", "10/9", "95/33"])
        let second = try empiricalSecondMoment(of: [[Rational.one, Rational.zero], [Rational.zero, Rational(2)]])
        #expect(second == [[try Rational(1, 2), Rational.zero], [Rational.zero, Rational(2)]])
    }

    @Test("bad input: self-correlation, linear models, the ratio, the ball sampler and the estimate name their argument")
    func badInput() throws {
        #expect(thrownKind { try selfCorrelation(of: [[Rational]]()) } == "empty")
        #expect(thrownKind { try selfCorrelation(of: [[Rational]()]) } == "invalidArgument")
        #expect(thrownKind { try selfCorrelation(of: [[Rational.one], [Rational.one, Rational.one]]) } == "dimensionMismatch")
        #expect(thrownKind { try selfCorrelation(of: [[Double.nan]]) } == "nonFinite")
        #expect(numericsError { try selfCorrelation(of: [[Rational]]()) }?.description.contains("features") == true)
        #expect(thrownKind { try LinearModel(features: [[1]], labels: [1], link: .huber(delta: .zero)) } == "invalidArgument")
        #expect(thrownKind { try LinearModel(features: [[1], [2]], labels: [1], link: .leastSquares) } == "dimensionMismatch")
        #expect(thrownKind { try LinearModel(features: [[.infinity]], labels: [1], link: .leastSquares) } == "nonFinite")
        let m = try ContractivityExample.model(.leastSquares)
        #expect(thrownKind { try HessianContractivity.ratio(m, w: [0.0, 0], wPrime: [0.0, 0, 0], sample: 0) } == "dimensionMismatch")
        #expect(thrownKind { try HessianContractivity.ratio(m, w: [0.0, 0, 0], wPrime: [0.0, 0, 0], sample: 6) } == "invalidArgument")
        #expect(thrownKind { try HessianContractivity.estimate(m, centre: [0, 0, 0], radius: 1, pairs: 0, seed: 1) } == "invalidArgument")
        var rng = SeededGenerator(seed: 1)
        #expect(thrownKind { try HessianContractivity.uniformInBall(centre: [0], radius: -1, rng: &rng) } == "invalidArgument")
        #expect(thrownKind { try HessianContractivity.onSphere(centre: [], radius: 1, rng: &rng) } == "invalidArgument")
        #expect(abs(try #require(try HessianContractivity.ratio(m, w: [0, 0, 0], wPrime: [0, 0, 0], sample: 0)) - 2.5) < 1e-14) // x_0ᵀHx_0/‖x_0‖² = 5/2
        #expect(try HessianContractivity.ratio(m, w: [0.5, 0, 0], wPrime: [0, 0, 0], sample: 0) == nil) // g = 0: the ratio is undefined
    }
}
