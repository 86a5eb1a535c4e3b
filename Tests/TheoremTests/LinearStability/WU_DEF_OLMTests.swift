import Claims
import Testing

@Suite("WU-DEF-OLM over-parameterized linear models")
struct WU_DEF_OLMTests {
    @Test("the exact figure is 0 on the construction and the control breaks it")
    func exact() async throws {
        let r = try await claimResult("WU-DEF-OLM")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "hessianMismatch")).value == 0)
        #expect(try #require(controlFigure(r, "printed Hessian (no S)", "hessianMismatch")).value > 0)
    }
}
