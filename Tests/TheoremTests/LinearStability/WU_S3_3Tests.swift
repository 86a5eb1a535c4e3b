import Claims
import Testing

@Suite("WU-S3.3 geometry-aware against isotropic noise")
struct WU_S3_3Tests {
    @Test("η_crit(S₁) = 0.95134 for every p; η_crit(S₂) rises 0.99772 → 1.99936; σ² = Tr H removes the p-dependence")
    func noises() async throws {
        let r = try await claimResult("WU-S3.3")
        #expect(r.verdict == .holds && r.passed)
        let spread = try #require(figure(r, "geometryAwareSpread"))
        #expect(spread.value == 0)
        // The catalog's independently recomputed critical steps (the review-corrected values, secular equation).
        #expect(spread.note.contains("0.95134"))
        let iso = try #require(figure(r, "isotropicIncreases"))
        #expect(iso.value == 4)
        for v in ["0.99772", "1.74097", "1.95292", "1.98945", "1.99936"] { #expect(iso.note.contains(v)) }
        #expect(try #require(figure(r, "secularVsLoewner")).value == 0)
        #expect(try #require(figure(r, "necessaryConditionViolations")).value == 0)
        #expect(try #require(controlFigure(r, "isotropic noise p times larger", "isotropicIncreases")).value < 4)
    }
}
