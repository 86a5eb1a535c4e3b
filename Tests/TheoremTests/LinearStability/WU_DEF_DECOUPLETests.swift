import Claims
import Testing

@Suite("WU-DEF-DECOUPLE the decoupling approximation")
struct WU_DEF_DECOUPLETests {
    @Test("the first equality is exact, decoupling sets α = β = μ = 1, and dropping ∇L∇Lᵀ breaks the equality")
    func decouple() async throws {
        let r = try await claimResult("WU-DEF-DECOUPLE")
        #expect(r.verdict == .definition && r.passed)
        for key in ["firstEqualityMismatch", "decoupledFactorsDeviation", "gaussianOLMError"] {
            #expect(try #require(figure(r, key)).value == 0)
        }
        #expect(try #require(controlFigure(r, "without −∇L∇Lᵀ", "firstEqualityMismatch")).value > 0)
        #expect(r.controls.allSatisfy { $0.flagged })
    }
}
