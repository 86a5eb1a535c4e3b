import Claims
import Testing

@Suite("WU-L3.7 bounded noise: at most linear growth")
struct WU_L3_7Tests {
    @Test("per-step bound exact, equality on H = λI at η = 2/λ; SGD noise and η = 2.2/λ₁ break it")
    func linear() async throws {
        let r = try await claimResult("WU-L3.7")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "perStepViolations")).value == 0)
        #expect(try #require(figure(r, "equalityAttained")).value > 0)
        #expect(try #require(controlFigure(r, "η = 2.2/λ₁", "perStepViolations")).value > 0)
        #expect(try #require(controlFigure(r, "SGD noise (loss-proportional)", "perStepViolations")).value > 0)
    }
}
