import Claims
import Testing

@Suite("HC-DEF-STAB uniform stability")
struct HC_DEF_STABTests {
    @Test("the lower bound equals E‖Δ_T‖ = 5/2 exactly and sits below L·E‖Δ_T‖; a test point outside Z breaks it")
    func sandwich() async throws {
        let r = try await claimResult("HC-DEF-STAB")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "stabilityLowerBound")).exact == "5/2")
        #expect(try #require(figure(r, "lowerOverUpper")).exact == "1/2")
        #expect(try #require(controlFigure(r, "test point outside Z", "lowerOverUpper")).exact == "5/2")
    }
}
