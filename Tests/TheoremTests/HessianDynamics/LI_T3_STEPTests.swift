import Claims
import Testing

@Suite("LI-T3-STEP: per-step decrease under the adaptive steps")
struct LI_T3_STEPTests {
    @Test("every exact expected change lies below −3‖μ‖⁴/(8L·Tr M), and the preconditioned bound is the stronger")
    func holds() async throws {
        let r = try await claimResult("LI-T3-STEP")
        #expect(r.passed)
        #expect(try #require(figure(r, "violations")).value == 0)
        #expect(try #require(figure(r, "normalisedSlack")).value <= 0)
        #expect(try #require(figure(r, "cauchySchwarz")).value <= 1e-12)
    }

    @Test("a step outside the interval violates the bound")
    func controls() async throws {
        let r = try await claimResult("LI-T3-STEP")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "step outside the interval", "violations")).value > 0)
    }
}
