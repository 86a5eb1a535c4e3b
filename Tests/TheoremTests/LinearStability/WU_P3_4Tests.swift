import Claims
import Testing

@Suite("WU-P3.4 μ₁-alignment bound")
struct WU_P3_4Tests {
    @Test("no violation, every pair decided, attained on three tight instances; B in place of B − 1 fails")
    func bound() async throws {
        let r = try await claimResult("WU-P3.4")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "violations")).value == 0)
        #expect(try #require(figure(r, "tightInstancesAttained")).value == 3)
        #expect(try #require(controlFigure(r, "B instead of B − 1", "violations")).value > 0)
    }
}
