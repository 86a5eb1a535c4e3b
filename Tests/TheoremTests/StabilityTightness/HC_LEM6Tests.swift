import Claims
import Testing

@Suite("HC-LEM6 conditioning inequalities (i) and (ii)")
struct HC_LEM6Tests {
    @Test("both hold on the grid; dropping (ii)'s correction factor fails")
    func holds() async throws {
        let r = try await claimResult("HC-LEM6")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "maxRatioFirst")).value < 1 && (try #require(figure(r, "maxRatioSecond")).value) < 1)
        #expect(r.controls.first?.failing == ["maxRatioSecond"])
    }
}
