import Claims
import Testing

@Suite("WU-DEF-A1 Assumption 1")
struct WU_DEF_A1Tests {
    @Test("the exact figure is 0 on the construction and the control breaks it")
    func exact() async throws {
        let r = try await claimResult("WU-DEF-A1")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "mu1BelowGamma")).value == 0)
        #expect(try #require(controlFigure(r, "plain feature norms", "mu1BelowGamma")).value > 0)
    }
}
