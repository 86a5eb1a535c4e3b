import Claims
import Testing

@Suite("LI-DK: Davis–Kahan bounds")
struct LI_DKTests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-DK")
        #expect(r.passed)
        #expect(try #require(figure(r, "singleViolations")).value == 0)
        #expect(try #require(figure(r, "subspaceViolations")).value == 0)
        // The adversarial instance: sin θ = 1/√2 exceeds ‖Δ‖₂/g = 0.5001 but not twice it.
        #expect(abs(try #require(figure(r, "adversarialSine")).value - 0.5.squareRoot()) < 1e-3)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-DK")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "subspace bound without the factor 2", "subspaceViolations")).value > 0)
    }
}
