import Claims
import Testing

@Suite("LI-X-DIAG: diag H_f = diag GGN ≥ 0 for ReLU networks")
struct LI_X_DIAGTests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-X-DIAG")
        #expect(r.passed)
        #expect(try #require(figure(r, "diagonalIsGaussNewton")).value <= 1)
        #expect(try #require(figure(r, "diagonalNegativity")).value <= 1)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-X-DIAG")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "tanh network", "diagonalIsGaussNewton")).value > 1000000.0)
    }
}
