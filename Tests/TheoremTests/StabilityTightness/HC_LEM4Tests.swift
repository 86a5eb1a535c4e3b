import Claims
import Testing

@Suite("HC-LEM4 conditional growth on the non-convex quadratic")
struct HC_LEM4Tests {
    @Test("certified conditional means near the catalog's 0.7165, 0.7047, 1.1007, 10.49; the contractive control falls to 0.2042")
    func holds() async throws {
        let r = try await claimResult("HC-LEM4")
        #expect(r.verdict == .holds && r.passed && r.tier == .certified)
        let means = try (1...4).map { try #require(figure(r, "conditionalMean[\($0)]")).value }
        for (v, catalog) in zip(means, [0.7165, 0.7047, 1.1007, 10.49]) { #expect(abs(v - catalog) / catalog < 0.01, "\(v) vs \(catalog)") }
        #expect(abs(try #require(controlFigure(r, "curvature +β along v", "conditionalMean[4]")).value - 0.2042) < 0.001)
        #expect(try #require(figure(r, "monteCarloZ")).value <= 3.29)
    }
}
