import Claims
import Testing

@Suite("WU-REM3.5 locality of linear stability")
struct WU_REM3_5Tests {
    @Test("at θ* every per-sample Hessian is g_ig_iᵀ of a curved model; away from θ* the residual term appears")
    func locality() async throws {
        let r = try await claimResult("WU-REM3.5")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "perSampleHessianMismatch")).value == 0)
        #expect(try #require(figure(r, "curvedOutputs")).value > 0)
        #expect(try #require(figure(r, "globalLossesDiffer")).value > 0)
        #expect(try #require(controlFigure(r, "away from the minimum", "perSampleHessianMismatch")).value > 0)
    }
}
