import Claims
import Testing

@Suite("WU-DEF-MU12 μ₁ and μ₂")
struct WU_DEF_MU12Tests {
    @Test("the exact figure is 0 on the construction and the control breaks it")
    func exact() async throws {
        let r = try await claimResult("WU-DEF-MU12")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "differenceMismatch")).value == 0)
        #expect(try #require(controlFigure(r, "Σ₂ divided by B", "differenceMismatch")).value > 0)
    }
}
