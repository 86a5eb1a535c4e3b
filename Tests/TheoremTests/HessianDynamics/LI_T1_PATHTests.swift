import Claims
import Testing

@Suite("LI-T1-PATH: pathwise sandwich behind Theorem 1")
struct LI_T1_PATHTests {
    @Test("every sphere-model draw lies inside the corrected sandwich")
    func holds() async throws {
        let r = try await claimResult("LI-T1-PATH")
        #expect(r.passed)
        #expect(try #require(figure(r, "violations")).value == 0)
    }

    @Test("the appendix's coefficients are violated on many draws")
    func controls() async throws {
        let r = try await claimResult("LI-T1-PATH")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "the appendix's coefficients", "violations")).value > 100)
    }
}
