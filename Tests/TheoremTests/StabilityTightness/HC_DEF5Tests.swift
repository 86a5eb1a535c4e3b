import Claims
import Testing

@Suite("HC-DEF5 ξ-self-correlated data")
struct HC_DEF5Tests {
    @Test("sum form = x_jᵀHx_j exactly, ξ ≥ r⁴/n, ξ > 0 ⟺ no zero row; dropping the square is caught")
    func selfCorrelation() async throws {
        let r = try await claimResult("HC-DEF5")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "minXiOverR4n")).value >= 1)
        #expect(try #require(controlFigure(r, "square dropped", "formMismatches")).value > 0)
    }
}
