import Claims
import Testing

@Suite("LI-DEF-SG mini-batch moments and the sphere model")
struct LI_DEF_SGTests {
    @Test("with replacement: E SG = μ, Cov SG = Σ/m, E SG SGᵀ = Σ/m + μμᵀ exactly; sphere: ‖g‖ = √p and E ggᵀ = I")
    func moments() async throws {
        let r = try await claimResult("LI-DEF-SG")
        #expect(r.verdict == .definition && r.passed)
        for key in ["meanMismatch[exact]", "covarianceMismatch[exact]", "secondMomentMismatch[exact]", "withoutReplacementFormula[exact]"] {
            #expect(try #require(figure(r, key)).exact == "0", "\(key)")
        }
        #expect(try #require(figure(r, "sphereNormError")).value <= 1)
        #expect(try #require(figure(r, "sphereMomentZ")).value <= 1)
    }

    @Test("without replacement the covariance is not Σ/m; on the unit sphere E ggᵀ = I/p")
    func controls() async throws {
        let r = try await claimResult("LI-DEF-SG")
        #expect(try #require(controlFigure(r, "batches without replacement", "covarianceMismatch[exact]")).value > 0)
        #expect(try #require(controlFigure(r, "unit sphere", "sphereMomentZ")).value > 10)
        #expect(r.controls.count == 2 && r.controls.allSatisfy(\.flagged))
    }
}
