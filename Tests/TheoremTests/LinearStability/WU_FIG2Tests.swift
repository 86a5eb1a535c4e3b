import Claims
import Testing

@Suite("WU-FIG2 γ of the tangent features along training")
struct WU_FIG2Tests {
    @Test("inf μ₁ of the linearized model equals γ at every checkpoint; γ stays bounded below")
    func empirical() async throws {
        let r = try await claimResult("WU-FIG2")
        #expect(r.verdict == .empirical && r.passed)
        #expect(try #require(figure(r, "rankDeficientCheckpoints")).exact == "0")
        #expect(try #require(figure(r, "infMu1EqualsGamma")).value <= 1)
        let g = try #require(figure(r, "minGamma")).value
        #expect(g > 0 && g < 1)
    }

    @Test("plain feature norms do not give inf μ₁")
    func control() async throws {
        let r = try await claimResult("WU-FIG2")
        #expect(try #require(controlFigure(r, "plain feature norms", "infMu1EqualsGamma")).value > 1)
        #expect(r.controls.allSatisfy { $0.asRequired })
    }
}
