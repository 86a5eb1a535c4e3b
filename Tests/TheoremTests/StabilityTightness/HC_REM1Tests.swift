import Claims
import Testing

@Suite("HC-REM1 cited strongly convex stability")
struct HC_REM1Tests {
    @Test("below 2L²/(γn) at every T, attained up to 1/2; a step 3/β exceeds it")
    func consistent() async throws {
        let r = try await claimResult("HC-REM1")
        #expect(r.verdict == .cited && r.passed)
        #expect(try #require(figure(r, "maxStabilityOverBound")).value < 0.25)
        #expect(r.controls.first?.failing == ["maxStabilityOverBound"])
    }

    @Test("the step hypothesis α ≤ 1/β is a checked figure, and the control that drops it fails it")
    func stepHypothesisChecked() async throws {
        let r = try await claimResult("HC-REM1")
        let f = try #require(figure(r, "stepTimesBeta"))
        #expect(f.role == .hypothesis && f.exact == "1/2" && f.requirementMet)
        #expect(controlFigure(r, "step 3/β", "stepTimesBeta")?.requirementMet == false)
        // "Attained up to a constant" is part of what the remark's check asserts, not a vacuity figure.
        #expect(try #require(figure(r, "attainedOrder")).role == .conclusion)
    }
}
