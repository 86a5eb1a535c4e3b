import Claims
import Testing

@Suite("LI-A2 Assumption 2: thresholded-Hessian posterior")
struct LI_A2Tests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-A2")
        #expect(r.passed)
        #expect(try #require(figure(r, "nonPositivePrecisions")).value == 0)
        #expect(try #require(figure(r, "precisionsBelowPrior")).value == 0)
        #expect(try #require(figure(r, "flatNotKept")).value == 0)
        // The instances include coordinates that need the threshold (ReLU dead units, tanh negative curvature).
        #expect(try #require(figure(r, "thresholdNeeded")).value > 0)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-A2")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "un-thresholded precision", "nonPositivePrecisions")).value > 0)
    }
}
