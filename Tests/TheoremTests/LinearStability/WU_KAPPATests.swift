import Claims
import Testing

@Suite("WU-KAPPA ReLU kernel on the sphere and its spectrum")
struct WU_KAPPATests {
    @Test("κ(1) = 1/2, λ₁ = 3/16 at d = 3, E[κ(z)z] = 1/(4d), d(1 − τ) ≥ 0.85, matching the catalog's table")
    func values() async throws {
        let r = try await claimResult("WU-KAPPA")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "kappaAtOneError")).value <= 1)
        #expect(abs(try #require(figure(r, "lambda1[d=3]")).value - 3.0 / 16) <= 1e-15)
        #expect(try #require(figure(r, "degreeOneEigenvalueError")).value <= 1)
        #expect(try #require(figure(r, "topEigenfunctionRatio")).value < 1)
        // SIM-15's table to its six digits, and d(1 − τ) → π²/4 = 2.467 (2.389 at d = 100).
        let table: [(Int, Double, Double)] = [(2, 0.202642, 0.073330), (5, 0.175781, 0.043733), (10, 0.167301, 0.034343), (100, 0.159953, 0.026211)]
        for (d, l1, sq) in table {
            #expect(abs(try #require(figure(r, "lambda1[d=\(d)]")).value - l1) <= 5e-7)
            #expect(abs(try #require(figure(r, "sumSquares[d=\(d)]")).value - sq) <= 5e-7)
        }
        #expect(abs(100 * (try #require(figure(r, "oneMinusTau[d=100]")).value) - 2.389) <= 1e-3)
        let minimum = try #require(figure(r, "minDTimesOneMinusTau")).value
        #expect(minimum >= 0.85 && minimum <= 0.881)
    }

    @Test("Gaussian inputs fail the Monte Carlo; the wrong arccos sign fails κ(1) and λ₁ but not the degree-one eigenvalue")
    func controls() async throws {
        let r = try await claimResult("WU-KAPPA")
        #expect(try #require(controlFigure(r, "Gaussian inputs", "monteCarloZ")).value > 100)
        // The wrong kernel has κ(1) = 0 and the wrong λ₁; its odd part is still z/4, so E[κ(z)z] = 1/(4d) survives.
        #expect(try #require(controlFigure(r, "arccos z for π − arccos z", "kappaAtOneError")).value > 1)
        #expect(try #require(controlFigure(r, "arccos z for π − arccos z", "lambda1[d=3]Error")).value > 1)
        #expect(try #require(controlFigure(r, "arccos z for π − arccos z", "degreeOneEigenvalueError")).value <= 1)
        #expect(r.controls.allSatisfy { $0.asRequired })
    }
}
