import Claims
import Testing

@Suite("WU-X-LYAP mean-square instability with almost-sure convergence")
struct WU_X_LYAPTests {
    @Test("growth 80951/15000 > 1, certified negative Lyapunov exponent, ≥ 99% of paths converge; no noise removes the instability")
    func lyapunov() async throws {
        let r = try await claimResult("WU-X-LYAP")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "meanSquareGrowth")).exact == "80951/15000")
        #expect(try #require(figure(r, "lyapunovExponent")).value < -1)
        #expect(try #require(figure(r, "convergedShareLower")).value >= 0.99)
        #expect(try #require(controlFigure(r, "no noise: c = (1/2, 1/2, 1/2)", "meanSquareGrowth")).exact == "1/4")
    }
}
