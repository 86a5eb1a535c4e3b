import Claims
import Testing

@Suite("WU-DEF-FEAT feature models")
struct WU_DEF_FEATTests {
    @Test("the exact figure is 0 on the construction and the control breaks it")
    func exact() async throws {
        let r = try await claimResult("WU-DEF-FEAT")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "hessianMinusGram")).value == 0)
        #expect(try #require(controlFigure(r, "a curved model", "hessianMinusGram")).value > 0)
    }
}
