import Claims
import Testing

@Suite("WU-DEF-GH Gram matrix and Hessian")
struct WU_DEF_GHTests {
    @Test("the exact figure is 0 on the construction and the control breaks it")
    func exact() async throws {
        let r = try await claimResult("WU-DEF-GH")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "interpolationGap")).value == 0)
        #expect(try #require(controlFigure(r, "non-interpolating point", "interpolationGap")).value > 0)
    }
}
