import Claims
import Testing

@Suite("WU-DEF-NOISE the two model noises")
struct WU_DEF_NOISETests {
    @Test("equal total variance 2L·Tr H, one-step second moments equal T₁ and T₂; a 4× σ² breaks both")
    func noises() async throws {
        let r = try await claimResult("WU-DEF-NOISE")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "varianceMismatch")).value == 0)
        #expect(try #require(figure(r, "secondMomentMismatch")).value == 0)
        #expect(try #require(controlFigure(r, "σ² = 4·Tr H/p", "varianceMismatch")).value > 0)
    }
}
