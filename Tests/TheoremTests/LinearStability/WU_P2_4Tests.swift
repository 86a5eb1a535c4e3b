import Claims
import Testing

@Suite("WU-P2.4 ReLU random features: μ₁ ≥ 1 refuted, μ₁ ≳ 1 holds")
struct WU_P2_4Tests {
    @Test("μ₁(A⁺e_{i*}) = γ < 1 on every sample (checked against γ); μ_min > 0; the equal-χ design is accepted")
    func refuted() async throws {
        let r = try await claimResult("WU-P2.4")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(r.statement.failing == ["minMu1AtCounterexample"])
        let mu1 = try #require(figure(r, "minMu1AtCounterexample")).value
        #expect(mu1 > 0.2 && mu1 < 0.9)  // SIM-16: γ ∈ [0.26, 0.83]
        #expect(try #require(figure(r, "counterexampleMatchesGamma")).value <= 1)
        #expect(try #require(figure(r, "minMuMin")).value > 0.1)  // SIM-16: μ_min ≥ 0.18
        #expect(try #require(figure(r, "samplesWithMu1BelowOne")).value == 24)
        #expect(r.sanityControls.first?.asRequired == true)
    }

    @Test("the repair holds on the sphere (γ_n rises, SIM-30: 0.43 → 0.67) and Gaussian inputs fail it")
    func repair() async throws {
        let r = try await claimResult("WU-P2.4")
        #expect(r.repair?.verdict == .holds)
        #expect(try #require(controlFigure(r, "Gaussian inputs", "gammaIncreaseZ")).value < 0)
        #expect(r.controls.allSatisfy { $0.asRequired })
    }
}
