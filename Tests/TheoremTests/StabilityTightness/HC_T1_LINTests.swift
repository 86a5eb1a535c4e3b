import Claims
import Testing

@Suite("HC-T1-LIN a linear loss attains the convex upper bound exactly")
struct HC_T1_LINTests {
    @Test("E‖Δ_T‖ = (2L/n)Σα_t on the grid, with L = 1; simulations under both schemes agree; the halved kick misses by 2")
    func attained() async throws {
        let r = try await claimResult("HC-T1-LIN")
        #expect(r.verdict == .holds && r.passed && r.tier == .exact)
        #expect(figure(r, "maxDeviationFromBound")?.exact == "0")
        #expect(figure(r, "lipschitz")?.exact == "1")
        #expect(try #require(figure(r, "monteCarloZ")).value <= 3.49)
        #expect(controlFigure(r, "differing point at 0 instead of −x_i", "maxDeviationFromBound")?.exact == "1/2")
    }
}
