import Claims
import Testing

@Suite("WU-FIG1 alignment during training (linear network substitute)")
struct WU_FIG1Tests {
    @Test("μ = αβ, 0 ≤ α ≤ 1, μ₁ ≥ γ, μ₂ ≤ τ at every checkpoint; μ near 1 at every width (SIM-27: 0.98–1.12)")
    func empirical() async throws {
        let r = try await claimResult("WU-FIG1")
        #expect(r.verdict == .empirical && r.passed)
        #expect(try #require(figure(r, "muEqualsAlphaBeta")).value <= 1)
        #expect(try #require(figure(r, "alphaOutsideUnitInterval")).value == 0)
        #expect(try #require(figure(r, "lemma23Ratio")).value == 0)
        for m in [8, 16, 32] {
            let mu = try #require(figure(r, "finalMuMean[m=\(m)]")).value
            #expect(mu > 0.5 && mu < 2)
        }
    }

    @Test("Tr(GΣ₁) in place of Tr(GΣ) breaks μ = αβ")
    func control() async throws {
        let r = try await claimResult("WU-FIG1")
        #expect(try #require(controlFigure(r, "P dropped from Eq. 11b", "muEqualsAlphaBeta")).value > 1)
        #expect(r.controls.allSatisfy { $0.asRequired })
    }
}
