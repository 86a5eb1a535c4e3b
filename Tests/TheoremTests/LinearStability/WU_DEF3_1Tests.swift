import Claims
import Testing

@Suite("WU-DEF3.1 linear stability")
struct WU_DEF3_1Tests {
    @Test("read for every start the definition is λ_max(T) ≤ 1; read at θ̃₀ = θ* it accepts unstable minima")
    func definition() async throws {
        let r = try await claimResult("WU-DEF3.1")
        #expect(r.verdict == .definition && r.passed)
        let unstable = try #require(figure(r, "unstablePairs")).value
        #expect(unstable > 0)
        #expect(try #require(figure(r, "readingMismatches")).value == 0)
        // Every pair the operator calls unstable is confirmed by the exact growth of a second moment.
        #expect(try #require(figure(r, "growthConfirmed")).value == unstable)
        #expect(try #require(controlFigure(r, "one start only", "readingMismatches")).value > 0)
    }
}
