import Claims
import Testing

@Suite("WU-T3.6 exponential escape in mean square")
struct WU_T3_6Tests {
    @Test("per-step bound exact, t-step growth in Double, escape in logarithmic time; fixed noise violates it")
    func escape() async throws {
        let r = try await claimResult("WU-T3.6")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "perStepViolations")).value == 0)
        #expect(try #require(figure(r, "escapeCases")).value > 0)
        #expect(try #require(figure(r, "minGrowthOverBound")).value >= 1)
        #expect(try #require(controlFigure(r, "state-independent noise", "perStepViolations")).value > 0)
    }
}
