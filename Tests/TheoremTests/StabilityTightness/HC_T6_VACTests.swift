import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-T6-VAC the vacuity lemma γσ ≤ L(σ)")
struct HC_T6_VACTests {
    @Test("certified on least squares for σ = 0.01…100; L(σ) grows like σ·max‖x‖² + the residual term")
    func lemma() async throws {
        let r = try await claimResult("HC-T6-VAC")
        #expect(r.verdict == .holds && r.passed && r.tier == .certified)
        #expect(try #require(figure(r, "maxGammaSigmaOverL")?.enclosure).upper < 1)
        #expect(figure(r, "nonzeroGradientSamples")?.exact == "30")
        let l100 = try #require(figure(r, "lipschitz[sigma=100]")?.enclosure), l10 = try #require(figure(r, "lipschitz[sigma=10]")?.enclosure)
        // L(100) − L(10) = 90·max‖x‖² = 90·367/16 when the same sample attains both maxima.
        #expect(abs((l100.lower - l10.lower) - 90 * 367.0 / 16) < 1e-9)
        // The MLP is reported only.
        #expect(figure(r, "mlpGammaHatSigmaOverL[sigma=1]")?.role == .reported)
    }

    @Test("controls: L read at w* only and a bound sharpened to L/100 both fail")
    func controls() async throws {
        let r = try await claimResult("HC-T6-VAC")
        for name in ["L read at w* only", "bound sharpened to γσ ≤ L(σ)/100"] {
            let c = try #require(r.controls.first { $0.name == name })
            #expect(c.failing == ["maxGammaSigmaOverL"], "\(name)")
            #expect(try #require(controlFigure(r, name, "maxGammaSigmaOverL")?.enclosure).lower > 1)
        }
    }

    @Test("the construction: rank 4 (x_5 = x_1), exact least-squares solution in the span, exact solver")
    func construction() throws {
        let p = try RankDeficientLeastSquares(n: 30, noise: 0.5, seed: 10)
        #expect(p.features.allSatisfy { $0[0] == $0[4] && $0.allSatisfy { ($0 * 4).rounded() == $0 * 4 } })
        let x = try p.features.map { try $0.map { try Rational(exactly: $0) } }, y = try p.noisyLabels.map { try Rational(exactly: $0) }
        let w = try LeastSquaresFacts.solution(features: x, labels: y, basis: RankDeficientLeastSquares.spanBasis)
        #expect(w[0] == w[4])
        let eps = try LeastSquaresFacts.residuals(features: x, labels: y, at: w)
        for k in 0..<5 { #expect(try Rational.sum((0..<30).map { try eps[$0] * x[$0][k] }) == .zero) } // normal equations
        #expect(try solveExactly([[Rational(2), .one], [.one, .one]], [Rational(3), Rational(2)]) == [.one, .one])
    }

    @Test("bad input: n < 5, negative noise, singular or non-square systems")
    func badInput() {
        #expect(thrownKind { try RankDeficientLeastSquares(n: 4, noise: 0, seed: 1) } == "invalidArgument")
        #expect(thrownKind { try RankDeficientLeastSquares(n: 10, noise: -1, seed: 1) } == "invalidArgument")
        #expect(thrownKind { try solveExactly([[.one, .one], [.one, .one]], [.one, .one]) } == "singular")
        #expect(thrownKind { try solveExactly([[.one, .one]], [.one]) } == "notSquare")
        #expect(thrownKind { try solveExactly([[.one]], [.one, .one]) } == "dimensionMismatch")
        #expect(thrownKind { try LeastSquaresFacts.solution(features: [[.one]], labels: [.one, .one], basis: [[.one]]) } == "dimensionMismatch")
    }
}
