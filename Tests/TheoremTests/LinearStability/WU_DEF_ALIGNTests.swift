import Claims
import Testing

@Suite("WU-DEF-ALIGN alignment factors")
struct WU_DEF_ALIGNTests {
    @Test("the exact figure is 0 on the construction and the control breaks it")
    func exact() async throws {
        let r = try await claimResult("WU-DEF-ALIGN")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "productMismatch")).value == 0)
        #expect(try #require(controlFigure(r, "β with L instead of 2L", "productMismatch")).value > 0)
    }
}
