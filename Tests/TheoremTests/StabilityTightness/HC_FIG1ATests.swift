import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-FIG1A twin-network divergence: the slope estimator, and no plateau at this scale")
struct HC_FIG1ATests {
    @Test("the estimator reads ≈ 1 (3501/1751) on HC-T1's construction and ≈ 0 on the contracting one")
    func estimator() async throws {
        let r = try await claimResult("HC-FIG1A")
        #expect(r.verdict == .empirical && r.passed && r.tier == .exact)
        #expect(figure(r, "growthRatio[nullSpace]")?.exact == "3501/1751") // window means 1750.5/875.5: slope 0.9996
        let slope = try #require(figure(r, "slope[contracting]")?.enclosure)
        #expect(slope.upper < 1e-12 && slope.lower > -1e-12) // log₂(1 + 0.9^1000)
    }

    @Test("the substitute keeps growing: all 10 pairs have slope > 0.05 (sign test p = 1/1024); the output layer alone grows too")
    func noPlateau() async throws {
        let r = try await claimResult("HC-FIG1A")
        #expect(figure(r, "signTestPValue")?.exact == "1/1024")
        #expect(figure(r, "pairsGrowing")?.exact == "10")
        let mean = try #require(figure(r, "meanSlope[mlp]")).value
        #expect(mean > 0.3 && mean < 0.8)
        #expect(try #require(figure(r, "meanSlope[outputLayerOnly]")).value > 0.1)
        #expect(try #require(figure(r, "featureMinEigenvalue")).value < 1e-2)
        let d1 = try #require(figure(r, "meanDivergence[epoch=1]")).value, d50 = try #require(figure(r, "meanDivergence[epoch=50]")).value
        #expect(d50 > 3 * d1)
        #expect(r.statement.plots.map(\.key) == ["divergence-vs-epoch"])
    }

    @Test("controls: frozen training after 3E/8 gives slope 0 in every pair; curvature along v breaks the linear reference")
    func controls() async throws {
        let r = try await claimResult("HC-FIG1A")
        let frozen = try #require(r.controls.first { $0.name == "training stops after 3/8 of the epochs" })
        #expect(frozen.failing == ["signTestPValue"])
        #expect(controlFigure(r, frozen.name, "pairsGrowing")?.exact == "0")
        #expect(abs(try #require(controlFigure(r, frozen.name, "meanSlope[mlp]")).value) < 1e-12) // log₂ of equal window means
        let curved = try #require(r.controls.first { $0.name == "curvature 1/5 along v in the linear reference" })
        #expect(curved.failing == ["growthRatio[nullSpace]"])
    }

    @Test("coupling: identical data give identical runs; the sign-test tail is exact; bad input")
    func construction() throws {
        let data = try TeacherData(n: 16, inputs: 4, hidden: 8, noise: 0.1, seed: 8)
        var rng = SeededGenerator(seed: 1)
        let w0 = TeacherData.initialParameters(inputs: 4, hidden: 8, rng: &rng)
        let same = try data.network.coupledDivergence(twin: data.network, initial: w0, epochs: 3, learningRate: 0.02, weightDecay: 0, seed: 5)
        #expect(same.divergence == [0, 0, 0])
        let twin = try data.twin(replacing: 4, seed: 9)
        #expect(twin.labels[4] != data.network.labels[4] && Array(twin.labels[0..<4]) == Array(data.network.labels[0..<4]))
        #expect(try SignTest.upperTail(trials: 10, atLeast: 10) == (try Rational(1, 1024)))
        #expect(try SignTest.upperTail(trials: 4, atLeast: 0) == .one)
        #expect(thrownKind { try SignTest.upperTail(trials: 200, atLeast: 1) } == "invalidArgument")
        #expect(thrownKind { try TeacherData(n: 1, inputs: 4, hidden: 8, noise: 0, seed: 1) } == "invalidArgument")
        #expect(thrownKind { try TeacherData(n: 4, inputs: 4, hidden: 8, noise: -1, seed: 1) } == "invalidArgument")
        #expect(thrownKind { try data.twin(replacing: 16, seed: 1) } == "invalidArgument")
        let small = try TeacherData(n: 8, inputs: 4, hidden: 8, noise: 0, seed: 1)
        #expect(thrownKind { try data.network.coupledDivergence(twin: small.network, initial: w0, epochs: 1, learningRate: 0.1, weightDecay: 0, seed: 1) } == "dimensionMismatch")
        #expect(thrownKind { try data.network.coupledDivergence(twin: twin, initial: [0], epochs: 1, learningRate: 0.1, weightDecay: 0, seed: 1) } == "dimensionMismatch")
    }
}
