import Claims
import Testing

@Suite("BS-FIG3 raw variability does not track the gap; identity (I) and the Hessian term do")
struct BS_FIG3Tests {
    @Test("identity (I) at every checkpoint, the Hessian term at the end; controls fail")
    func curves() async throws {
        let r = try await claimResult("BS-FIG3")
        #expect(r.verdict == .empirical && r.passed)
        #expect(try #require(figure(r, "identityMaxZ")).requirementMet)
        #expect(try #require(figure(r, "hessianMinusGapZ")).requirementMet)
        #expect(try #require(figure(r, "gradientOverHessian")).value < 0.01)
        // The Hessian term tracks the gap far better than the raw trace does.
        #expect(try #require(figure(r, "spearman[HT,gap]")).value > (try #require(figure(r, "spearman[V,gap]")).value))
        for name in ["the summary's (1/N)Σ_i in the Hessian term", "before interpolation (t = 41)"] {
            let c = try #require(r.controls.first { $0.name == name })
            #expect(c.failing.contains("gradientOverHessian"), "\(name)")
        }
    }
}
