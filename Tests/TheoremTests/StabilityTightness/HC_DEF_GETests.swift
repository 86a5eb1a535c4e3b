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

    @Test("GE > 0 guards the instance's non-triviality: a hypothesis figure, not a vacuity figure (which would mean the hypotheses cannot be met)")
    func nonTrivialityRole() async throws {
        let r = try await claimResult("HC-DEF-GE")
        let f = try #require(figure(r, "generalizationError"))
        #expect(f.role == .hypothesis && f.exact == "23491/262144")
        #expect(try #require(figure(r, "uniformStability")).exact == "105963/131072")
    }
}
