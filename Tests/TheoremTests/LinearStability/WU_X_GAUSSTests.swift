import Claims
import Testing

@Suite("WU-X-GAUSS online Gaussian data in closed form")
struct WU_X_GAUSSTests {
    @Test("the secular condition decides stability exactly; H = I_d, B = d + 1 is tight; Rademacher features break it")
    func gauss() async throws {
        let r = try await claimResult("WU-X-GAUSS")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "stablePairs")).value > 0)
        #expect(try #require(figure(r, "secularMismatches")).value == 0)
        #expect(try #require(figure(r, "tightIdentityCases")).value == 5)
        #expect(try #require(controlFigure(r, "Rademacher features", "secularMismatches")).value > 0)
    }
}
