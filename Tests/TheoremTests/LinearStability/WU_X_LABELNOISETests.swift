import Claims
import Testing

@Suite("WU-X-LABELNOISE independent label noise keeps Theorem 2.1")
struct WU_X_LABELNOISETests {
    @Test("±1/2 noise: the identity is exact; noise growing with x₁² breaks it")
    func labelNoise() async throws {
        let r = try await claimResult("WU-X-LABELNOISE")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "maxIdentityResidual")).exact == "0")
        #expect(try #require(controlFigure(r, "noise depending on x", "maxIdentityResidual")).value > 0)
    }
}
