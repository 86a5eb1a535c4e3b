import Claims
import Testing

@Suite("LI-EQ21 Eq. 21: layer-wise Hessian blocks are PSD for piecewise-linear activations")
struct LI_EQ21Tests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-EQ21")
        #expect(r.passed)
        #expect(try #require(figure(r, "negativity")).value <= 1)
        #expect(try #require(figure(r, "blockIsGaussNewton")).value <= 1)
        #expect(try #require(figure(r, "negativity[production]")).value <= 1)
        // ReLU hidden blocks have no negative eigenvalue beyond rounding.
        #expect(try #require(figure(r, "hiddenNegativeRatio")).value < 1e-12)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-EQ21")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "tanh network", "negativity")).value > 1000.0)
    }
}
