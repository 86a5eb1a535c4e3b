import Claims
import Testing

@Suite("HC-EX-REG least squares under Theorem 2, refuted; logistic curvature only local")
struct HC_EX_REGTests {
    @Test("rank-one per-sample Hessians, the same certified violation, and γ(D) shrinking with the radius")
    func refuted() async throws {
        let r = try await claimResult("HC-EX-REG")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(figure(r, "maxPerSampleHessianRank")?.exact == "1")
        #expect(try #require(figure(r, "certifiedLowerOverBound[1]")?.enclosure).lower > 2)
        let g = try [0.5, 2.0, 5.0].map { try #require(figure(r, "logisticGamma[radius=\($0)]")).value }
        #expect(g[0] > g[1] && g[1] > g[2] && g[0] <= 0.25)
    }
}
