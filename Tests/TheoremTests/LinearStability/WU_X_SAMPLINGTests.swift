import Claims
import Testing

@Suite("WU-X-SAMPLING with and without replacement")
struct WU_X_SAMPLINGTests {
    @Test("the finite-population factor is exact and B = n is noiseless; Σ/B is wrong without replacement")
    func sampling() async throws {
        let r = try await claimResult("WU-X-SAMPLING")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "fullBatchNoise")).exact == "0")
        #expect(try #require(controlFigure(r, "Σ/B without replacement", "covarianceMismatch")).value > 0)
    }
}
