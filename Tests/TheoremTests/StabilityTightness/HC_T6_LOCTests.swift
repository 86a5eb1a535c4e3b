import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-T6-LOC least squares localises SGD (the substitute for HC-T6)")
struct HC_T6_LOCTests {
    @Test("(a) non-expansive steps within their rounding bound; the null component never moves, so the distance stays ≥ 1/√2")
    func interpolation() async throws {
        let r = try await claimResult("HC-T6-LOC")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "maxStepIncreaseOverBound")).value <= 1)
        #expect(figure(r, "nullComponentDriftOverBound")?.value == 0) // bitwise: w_1 and w_5 get identical decrements
        #expect(figure(r, "interpolationResidual")?.exact == "0")
        let floor = try #require(figure(r, "nullDistance")).value, final = try #require(figure(r, "finalDistance")).value
        #expect(abs(floor - 0.5.squareRoot()) < 1e-15 && final >= floor * (1 - 1e-12) && final < floor * (1 + 1e-9))
    }

    @Test("(b) E‖w_t − w*‖² ≤ αV/μ at α and α/4, the stationary spread scales like α; (c) the twin divergence has a positive floor")
    func noisyAndTwins() async throws {
        let r = try await claimResult("HC-T6-LOC")
        #expect(figure(r, "normalEquationsResidual")?.exact == "0")
        #expect(try #require(figure(r, "maxSecondMomentOverBound[alpha=a]")).value < 0.5)
        #expect(try #require(figure(r, "maxSecondMomentOverBound[alpha=a/4]")).value < 0.5)
        let ratio = try #require(figure(r, "stationaryRatio")).value
        #expect(ratio > 3.5 && ratio < 5) // O(α): 4 to first order
        #expect(try #require(figure(r, "secondMomentMonteCarloZ[alpha=a]")).value <= 3.29)
        #expect(try #require(figure(r, "limitDivergence")?.enclosure).lower > 0.09)
        #expect(try #require(figure(r, "meanDivergenceMargin")).value >= 0)
        #expect(abs(try #require(figure(r, "meanDivergenceOverLimit")).value - 1) < 1e-9)
        #expect(try #require(figure(r, "divergenceUpperZ")).value < 0)
    }

    @Test("controls: concave per-sample losses and α·max‖x‖² = 3 break the localisation")
    func controls() async throws {
        let r = try await claimResult("HC-T6-LOC")
        let concave = try #require(r.controls.first { $0.name == "concave per-sample losses" })
        #expect(concave.failing.contains("maxStepIncreaseOverBound") && concave.failing.contains("maxSecondMomentOverBound[alpha=a]"))
        let step = try #require(r.controls.first { $0.name == "step α·max‖x‖² = 3" })
        #expect(step.failing.contains("maxStepIncreaseOverBound") && step.changes.map(\.name) == ["stepConstant"])
    }

    @Test("the exact second-moment recursion agrees with simulation, and bad input is refused")
    func recursion() throws {
        let p = try RankDeficientLeastSquares(n: 30, noise: 0.5, seed: 10)
        let x = try p.features.map { try $0.map { try Rational(exactly: $0) } }, y = try p.noisyLabels.map { try Rational(exactly: $0) }
        let w = try LeastSquaresFacts.solution(features: x, labels: y, basis: RankDeficientLeastSquares.spanBasis)
        let eps = try LeastSquaresFacts.residuals(features: x, labels: y, at: w)
        let sgd = try LeastSquaresSGD(features: p.features, labels: p.noisyLabels, sign: 1, alpha: try Rational(1, 40))
        let m = try sgd.secondMoments(Double.self, residuals: eps, steps: 1)
        // One step from w*: E‖e_1‖² = α²(1/n)Σε_j²‖x_j‖² exactly.
        var v = 0.0
        for j in 0..<30 { v += eps[j].doubleValue * eps[j].doubleValue * p.features[j].reduce(0) { $0 + $1 * $1 } / 30 }
        #expect(abs(m[0] - v / 1600) <= 1e-14 * v)
        #expect(thrownKind { try LeastSquaresSGD(features: p.features, labels: p.noisyLabels, sign: 1, alpha: .zero) } == "invalidArgument")
        #expect(thrownKind { try LeastSquaresSGD(features: p.features, labels: p.noisyLabels, sign: 2, alpha: .one) } == "invalidArgument")
        #expect(thrownKind { try sgd.run(Double.self, initial: [0, 0], steps: 1, seed: 1) } == "dimensionMismatch")
        #expect(thrownKind { try sgd.secondMoments(Double.self, residuals: [.zero], steps: 1) } == "dimensionMismatch")
        // A diverging path stops at the limit instead of overflowing.
        let up = try LeastSquaresSGD(features: p.features, labels: p.noisyLabels, sign: -1, alpha: .one)
        let (wT, updates) = try up.run(Double.self, initial: [1, 1, 1, 1, 1], steps: 100_000, seed: 3)
        #expect(updates < 100_000 && wT.allSatisfy(\.isFinite))
    }
}
