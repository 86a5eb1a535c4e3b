import Claims
import Constructions
import Testing

@Suite("HC-T2-CORR the corrected Theorem 2 with the restricted eigenvalue μ")
struct HC_T2_CORRTests {
    @Test("holds on every instance with μ > 0 at 99.9% family confidence; μ = 0 on the counterexample; ξ in place of μ fails there")
    func corrected() async throws {
        let r = try await claimResult("HC-T2-CORR")
        #expect(r.verdict == .holds && r.passed && r.tier == .statistical)
        #expect(figure(r, "applicableInstances")?.exact == "6" && figure(r, "notApplicable")?.exact == "1")
        #expect(try #require(figure(r, "maxMonteCarloUpperOverBound")).value < 0.5)
        #expect(try #require(controlFigure(r, "ξ in place of μ", "maxMonteCarloUpperOverBound")).value > 1)
        #expect(abs(try LinearModelTwins.counterexample(n: 10).restrictedEigenvalue()) < 1e-12)
    }
}
