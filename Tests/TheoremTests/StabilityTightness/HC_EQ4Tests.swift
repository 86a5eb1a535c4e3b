import Claims
import Foundation
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-EQ4 the Eq. 4 finite-difference estimator is first-order accurate")
struct HC_EQ4Tests {
    @Test("error(η)/error(η/10) ∈ [9, 11] for η = 1e-1…1e-4, and the error at 1e-3 is the Taylor leading term")
    func firstOrder() async throws {
        let r = try await claimResult("HC-EQ4")
        #expect(r.verdict == .holds && r.passed && r.tier == .numerical)
        for k in 1...3 {
            let ratio = try #require(figure(r, "errorRatio[k=\(k)]")).value
            #expect(ratio >= 9.9 && ratio <= 10.01, "k = \(k)") // 10(1 + 0.9(c₂/c₁)η) with |c₂/c₁| ≈ 0.056
        }
        #expect(abs(try #require(figure(r, "signedErrorOverLeadingTerm[eta=1e-3]")).value - 1) < 1e-3)
        #expect(try #require(figure(r, "exactPrecisionGap")).value <= 1)
        #expect(figure(r, "taylorFirstDerivativeMinusExact").map { $0.requirementMet } == true)
        // Eq. 4 and Def. 6 measure different quantities at the same point.
        #expect(abs(try #require(figure(r, "eq4Exact")).value - (try #require(figure(r, "def6Ratio")).value)) > 0.1)
        #expect(r.statement.plots.map(\.key) == ["error-vs-eta"])
    }

    @Test("controls: central differences are second order (ratio ≈ 100), a fresh minibatch diverges (≈ 0.1), tiny η is rounding")
    func controls() async throws {
        let r = try await claimResult("HC-EQ4")
        let central = try #require(controlFigure(r, "central difference", "errorRatio[k=2]")).value
        #expect(central > 90 && central < 110)
        let fresh = try #require(controlFigure(r, "fresh minibatch for the shifted gradient", "errorRatio[k=2]")).value
        #expect(fresh > 0.09 && fresh < 0.11)
        let tiny = try #require(r.controls.first { $0.name == "η in the rounding regime 1e-7…1e-10" })
        #expect(tiny.flagged && tiny.changes.map(\.name) == ["etas"])
    }

    /// f(w; z) = −½‖w‖² for every sample: the Hessian is −I, so Eq. 4 is exactly −1 for every η.
    struct Concave: SampleGradientModel {
        var parameterCount: Int { 3 }
        var sampleCount: Int { 4 }
        func accumulateSampleGradient<T: Real>(_ w: [T], sample j: Int, scale: T, into g: inout [T]) {
            for k in 0..<3 { g[k] -= scale * w[k] }
        }
    }

    @Test("a non-convex toy gives ratio −1 (no truncation error); g = 0 and a non-positive η are typed errors")
    func estimatorEdges() throws {
        for eta in [0.5, 1e-3] {
            #expect(abs(try MinibatchContractivity.estimate(Concave(), at: [1, 2, 3], batch: [0, 1], eta: eta) + 1) < 1e-12) // −1 up to rounding
        }
        #expect(abs(try MinibatchContractivity.exactRatio(Concave(), at: [1, 2, 3], batch: [0], Double.self).ratio + 1) < 1e-15)
        #expect(thrownKind { try MinibatchContractivity.estimate(Concave(), at: [0, 0, 0], batch: [0], eta: 1e-3) } == "divisionByZero")
        #expect(thrownKind { try MinibatchContractivity.estimate(Concave(), at: [1, 0, 0], batch: [0], eta: 0) } == "invalidArgument")
        #expect(thrownKind { try MinibatchContractivity.estimate(Concave(), at: [1, 0, 0], batch: [], eta: 1e-3) } == "empty")
        #expect(thrownKind { try MinibatchContractivity.estimate(Concave(), at: [1, 0], batch: [0], eta: 1e-3) } == "dimensionMismatch")
        // At the teacher on noise-free teacher data every residual is exactly 0, so g = 0.
        let data = try TeacherData(n: 16, inputs: 4, hidden: 8, noise: 0, seed: 3)
        #expect(thrownKind { try MinibatchContractivity.estimate(data.network, at: data.teacher, batch: [0, 1, 2], eta: 1e-3) } == "divisionByZero")
        let t = try MinibatchContractivity.taylor(Concave(), at: [1, 2, 3], batch: [0])
        #expect(abs(t.first + 1) < 1e-15 && t.second == 0 && t.third == 0) // a quadratic: no truncation error at all
    }

    @Test("the tanh network: stable tanh, analytic gradient against dual numbers, bad input")
    func network() throws {
        for u in [-800.0, -3, -1e-9, 0, 1e-9, 0.5, 20, 800] { #expect(abs(stableTanh(u) - tanh(u)) <= 2 * Double.ulpOfOne, "u = \(u)") }
        let data = try TeacherData(n: 8, inputs: 4, hidden: 8, noise: 0.1, seed: 4)
        var rng = SeededGenerator(seed: 2)
        let w = TeacherData.initialParameters(inputs: 4, hidden: 8, rng: &rng)
        let g = try data.network.sampleGradient(w, sample: 3)
        for k in [0, 17, 33, 40, 48] {
            var wd = w.map { Dual($0, derivative: 0) }
            wd[k].derivative = 1
            let fd = try data.network.sampleLoss(wd, sample: 3).derivative
            #expect(abs(fd - g[k]) <= 1e-14 * max(1, abs(fd)), "parameter \(k)")
        }
        var step = w
        data.network.sgdStep(&step, sample: 3, learningRate: 0.5, weightDecay: 0)
        for k in 0..<49 { #expect(abs(step[k] - (w[k] - 0.5 * g[k])) <= 1e-15 * max(1, abs(w[k]))) }
        #expect(thrownKind { try TanhNetwork(inputs: 0, hidden: 8, features: [[]], labels: [0]) } == "invalidArgument")
        #expect(thrownKind { try TanhNetwork(inputs: 1, hidden: 0, features: [[0]], labels: [0]) } == "invalidArgument")
        #expect(thrownKind { try TanhNetwork(inputs: 1, hidden: 1, features: [], labels: []) } == "empty")
        #expect(thrownKind { try TanhNetwork(inputs: 1, hidden: 1, features: [[0]], labels: [0, 1]) } == "dimensionMismatch")
        #expect(thrownKind { try TanhNetwork(inputs: 2, hidden: 1, features: [[0]], labels: [0]) } == "dimensionMismatch")
        #expect(thrownKind { try TanhNetwork(inputs: 1, hidden: 1, features: [[.nan]], labels: [0]) } == "nonFinite")
        #expect(thrownKind { try data.network.sampleGradient([0.0], sample: 0) } == "dimensionMismatch")
        #expect(thrownKind { try data.network.output(w, input: [1]) } == "dimensionMismatch")
    }
}
