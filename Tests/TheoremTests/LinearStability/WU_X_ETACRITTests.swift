import Claims
import Testing

@Suite("WU-X-ETACRIT closed-form critical learning rate")
struct WU_X_ETACRITTests {
    @Test("certified to 10⁻⁵ exactly on every instance; matches bisection; GD's 2/λ₁ fails for SGD")
    func criticalStep() async throws {
        let r = try await claimResult("WU-X-ETACRIT")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "certificateFailures")).value == 0)
        #expect(try #require(figure(r, "bisectionGap[Double]")).value < 1e-8)
        #expect(try #require(controlFigure(r, "GD threshold for SGD", "certificateFailures")).value > 0)
    }
}
