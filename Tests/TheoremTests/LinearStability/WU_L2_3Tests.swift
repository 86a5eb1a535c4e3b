import Claims
import Testing

@Suite("WU-L2.3 feature-model alignment bounds")
struct WU_L2_3Tests {
    @Test("the exact figure is 0 on the construction and the control breaks it")
    func exact() async throws {
        let r = try await claimResult("WU-L2.3")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "violations")).value == 0)
        #expect(try #require(controlFigure(r, "plain feature norms", "violations")).value > 0)
    }
}
