import Claims
import Testing

@Suite("HC-T3 the non-convex lower bound holds, loosely")
struct HC_T3Tests {
    @Test("min ratio 4.0 at a = 1, n = 2; looseness 3168 at n = 1000; the scale-sensitivity ratios 0.16, 0.23, 0.36")
    func loose() async throws {
        let r = try await claimResult("HC-T3")
        #expect(r.verdict == .holdsLoose && r.passed)
        #expect(abs(try #require(figure(r, "minRatioToBound")).value - 4.0101) < 0.001)
        #expect(abs(try #require(r.looseFactor) - 3168) < 1)
        for (t, v) in [(101, 0.16), (1000, 0.23), (100_000, 0.36)] {
            #expect(abs(try #require(figure(r, "scaleSensitivity[T=\(t)]")).value - v) < 0.01)
        }
        #expect(figure(r, "slopeBracketViolations")?.exact == "0")
        #expect(r.controls.allSatisfy { $0.failing == ["minRatioToBound"] })
        #expect(r.statement.plots.map(\.key) == ["divergence-vs-steps"])
    }
}
