import Claims
import Testing

@Suite("HC-DEF-GE generalization error ≤ uniform stability (cited)")
struct HC_DEF_GETests {
    @Test("GE ≤ ε_stab exactly on the four-point distribution; a shifted test distribution exceeds it")
    func inequality() async throws {
        let r = try await claimResult("HC-DEF-GE")
        #expect(r.verdict == .cited && r.passed)
        let ratio = try #require(figure(r, "generalizationOverStability")).value
        #expect(ratio > 0 && ratio <= 1)
        #expect(try #require(controlFigure(r, "shifted test distribution", "generalizationOverStability")).value > 1)
    }
}
