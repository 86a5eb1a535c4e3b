import Claims
import Testing

@Suite("HC-T4-CORR the corrected non-convex bound")
struct HC_T4_CORRTests {
    @Test("equality on the linear loss at smoothness 0; below the sum form on the tent; shrinking L or 1/n by 1% fails")
    func holds() async throws {
        let r = try await claimResult("HC-T4-CORR")
        #expect(r.verdict == .holds && r.passed)
        #expect(figure(r, "equalityDeviation")?.exact == "0")
        #expect(try #require(figure(r, "maxRatioToSumBound")).value <= 1)
        #expect(r.controls.allSatisfy { $0.failing.contains("equalityDeviation") })
    }
}
