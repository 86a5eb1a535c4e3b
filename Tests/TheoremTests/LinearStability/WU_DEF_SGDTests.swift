import Claims
import Testing

@Suite("WU-DEF-SGD mini-batch noise")
struct WU_DEF_SGDTests {
    @Test("mean 0 and covariance Σ/B exactly with replacement; without replacement the covariance differs")
    func noise() async throws {
        let r = try await claimResult("WU-DEF-SGD")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "covarianceMismatch")).exact == "0")
        #expect(try #require(controlFigure(r, "batches without replacement", "covarianceMismatch")).value > 0)
    }
}
