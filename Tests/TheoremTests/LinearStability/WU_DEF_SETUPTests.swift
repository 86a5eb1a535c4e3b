import Claims
import Testing

@Suite("WU-DEF-SETUP square loss and its gradient")
struct WU_DEF_SETUPTests {
    @Test("the exact figure is 0 on the construction and the control breaks it")
    func exact() async throws {
        let r = try await claimResult("WU-DEF-SETUP")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "gradientMismatch")).value == 0)
        #expect(try #require(controlFigure(r, "no ½ in L_i", "gradientMismatch")).value > 0)
    }
}
