import Claims
import Testing

@Suite("HC-T4B the with-replacement bound without 1/β, refuted")
struct HC_T4BTests {
    @Test("5.64× at β = 0.01; holds at β = 1 (sanity); the 1/β form gives 0.14")
    func refuted() async throws {
        let r = try await claimResult("HC-T4B")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(abs(try #require(figure(r, "maxRatioToBound")).value - 5.64) < 0.01)
        #expect(abs(try #require(figure(r, "betaCorrectedRatio")).value - 0.14) < 0.005)
    }
}
