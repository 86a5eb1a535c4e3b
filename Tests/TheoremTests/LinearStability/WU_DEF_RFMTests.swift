import Claims
import Testing

@Suite("WU-DEF-RFM random-feature model and the ReLU sphere kernel")
struct WU_DEF_RFMTests {
    @Test("k(x, x′) = κ(xᵀx′) by Monte Carlo, g_iᵀg_j = k̂, alignment factors invariant to m^{−1/2}, λ₁(H) scales by m")
    func definition() async throws {
        let r = try await claimResult("WU-DEF-RFM")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "kernelMonteCarloZ")).value <= 3.84)
        // SIM-15: κ(0.3) = 0.24137.
        #expect(abs(try #require(figure(r, "kernelMonteCarlo[z=0.3,sphere]")).value - 0.24137) <= 0.002)
        #expect(try #require(figure(r, "gramEqualsKernelHat")).value <= 1)
        #expect(try #require(figure(r, "scaleInvariance")).value <= 1)
        #expect(abs(try #require(figure(r, "hessianScaleRatio")).value - 30) <= 1e-12)
    }

    @Test("unit-norm weights give k = κ/d and fail")
    func control() async throws {
        let r = try await claimResult("WU-DEF-RFM")
        #expect(try #require(controlFigure(r, "unit-norm weights", "kernelMonteCarloZ")).value > 100)
        #expect(r.controls.allSatisfy { $0.asRequired })
    }
}
