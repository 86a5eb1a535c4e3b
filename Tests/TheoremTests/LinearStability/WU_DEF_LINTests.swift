import Claims
import Testing

@Suite("WU-DEF-LIN linearized SGD")
struct WU_DEF_LINTests {
    @Test("the exact figure is 0 on the construction and the control breaks it")
    func exact() async throws {
        let r = try await claimResult("WU-DEF-LIN")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "stepMismatch")).value == 0)
        #expect(try #require(controlFigure(r, "labels off the minimum", "stepMismatch")).value > 0)
    }
}
