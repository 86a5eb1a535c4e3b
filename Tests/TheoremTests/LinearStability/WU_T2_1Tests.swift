import Claims
import Testing

@Suite("WU-T2.1 Σ = ∇L∇Lᵀ + 2L·G for over-parameterized linear models")
struct WU_T2_1Tests {
    @Test("exact identity and μ = 1 + μ₂ ≥ 1 on 24 rational instances; rounding-level residuals in Double and Float80")
    func identity() async throws {
        let r = try await claimResult("WU-T2.1")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "maxIdentityResidual")).exact == "0")
        #expect(try #require(figure(r, "maxConsequenceDeviation")).exact == "0")
        #expect(try #require(figure(r, "minMu")).value >= 1)
        // The derived bound is not vacuous: the residual uses a visible share of it, far below 1.
        let ratio = try #require(figure(r, "residualOverBound[Double]")).value
        #expect(ratio > 1e-4 && ratio < 1)
    }

    @Test("Rademacher inputs push μ below 1; input-dependent noise and Σ = 2L·G break the identity")
    func controls() async throws {
        let r = try await claimResult("WU-T2.1")
        #expect(try #require(controlFigure(r, "Rademacher inputs", "minMu")).value < 1)
        #expect(try #require(controlFigure(r, "input-dependent label noise", "maxIdentityResidual")).value > 0)
        #expect(try #require(controlFigure(r, "Σ = 2L·G", "maxIdentityResidual")).value > 0)
        #expect(r.controls.allSatisfy { $0.asRequired })
    }
}
