import Claims
import Testing

@Suite("HC-DEF-DIV divergence estimators")
struct HC_DEF_DIVTests {
    @Test("ray recursion = enumeration; Monte Carlo inside 99.9% off the ray; independent streams are caught")
    func estimators() async throws {
        let r = try await claimResult("HC-DEF-DIV")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "rayMinusEnumeration")).exact == "0")
        #expect(try #require(figure(r, "distinctDirections")).value > 1)
        #expect(try #require(controlFigure(r, "independent index sequences", "monteCarloZ")).value > 3.29)
    }
}
