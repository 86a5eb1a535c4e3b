import Claims
import Testing

@Suite("WU-L3.2 one-step expected loss")
struct WU_L3_2Tests {
    @Test("identity exact for discrete and SGD noise, 0 ≤ r ≤ 1 with r = 1 attained; shifted noise and η = 2.1/λ₁ are caught")
    func oneStep() async throws {
        let r = try await claimResult("WU-L3.2")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "maxIdentityResidual")).exact == "0")
        #expect(try #require(figure(r, "maxR")).exact == "1")
        #expect(try #require(controlFigure(r, "noise with mean c", "maxIdentityResidual")).value > 0)
        #expect(try #require(controlFigure(r, "η = 2.1/λ₁", "maxR")).exact == "121/100")
    }
}
