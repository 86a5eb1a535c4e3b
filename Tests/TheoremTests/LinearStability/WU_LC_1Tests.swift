import Claims
import Testing

@Suite("WU-LC.1 Gaussian fourth-moment identity")
struct WU_LC_1Tests {
    @Test("exact on 20 rational instances including singular S; Monte Carlo within 5 standard errors; Rademacher rejected")
    func identity() async throws {
        let r = try await claimResult("WU-LC.1")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "maxExactResidual")).exact == "0")
        #expect(try #require(figure(r, "singularCovariances")).value >= 1)
        #expect(try #require(controlFigure(r, "Rademacher inputs", "maxExactResidual")).value > 0)
        #expect(try #require(controlFigure(r, "Rademacher inputs", "monteCarloMaxZ")).value > 5)
    }
}
