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
}
