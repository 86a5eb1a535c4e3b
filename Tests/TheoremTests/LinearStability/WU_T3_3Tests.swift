import Claims
import Testing

@Suite("WU-T3.3 ‖H‖_F ≤ √(B/μ₀)/η for linearly stable minima")
struct WU_T3_3Tests {
    @Test("no violation at any stable (instance, η), decided exactly; E1 attains the bound; Double and Float80 agree")
    func holds() async throws {
        let r = try await claimResult("WU-T3.3")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "violations")).value == 0)
        #expect(try #require(figure(r, "stablePairs")).value > 100)
        #expect(try #require(figure(r, "tightInstancesAttained")).value == 3)
        #expect(try #require(figure(r, "ratioExcessOverTolerance[Double]")).value <= 1)
    }

    @Test("each dropped hypothesis produces exact violations")
    func controls() async throws {
        let r = try await claimResult("WU-T3.3")
        for name in ["μ₀ = 1.01·μ_min", "batch size dropped", "batches of n without replacement", "stable for GD only"] {
            #expect(try #require(controlFigure(r, name, "violations")).value > 0, "\(name)")
        }
    }
}
