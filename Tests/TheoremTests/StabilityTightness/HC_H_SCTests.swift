import Claims
import Testing

@Suite("HC-H-SC the cited strongly convex bound, consistent with a positive limit")
struct HC_H_SCTests {
    @Test("δ_T ≤ 2L/(γn) at every T with the ratio tending to 1/2; a step 3/β breaks it")
    func cited() async throws {
        let r = try await claimResult("HC-H-SC")
        #expect(r.verdict == .cited && r.passed)
        #expect(try #require(figure(r, "maxRatioToBound")).value < 0.5)
        #expect(abs(try #require(figure(r, "divergence[T=40]")).value - 0.2) < 1e-9)
        #expect(try #require(controlFigure(r, "step 3/β", "maxRatioToBound")).value > 1)
    }
}
