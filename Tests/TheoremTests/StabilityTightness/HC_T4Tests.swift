import Claims
import Testing

@Suite("HC-T4 the 'tighter' non-convex bound refuted on a linear loss and on the paper's own construction")
struct HC_T4Tests {
    @Test("certified ratios 2.08, 5.15, 1.27, 59.5 (linear) and 8.9 (tent); stability 4.4×; main-text reading 4×; simulations agree")
    func refuted() async throws {
        let r = try await claimResult("HC-T4")
        #expect(r.verdict == .refutedAsStated && r.passed && r.repair?.claimID == "HC-T4-CORR")
        for (k, v) in [2.08, 5.15, 1.27, 59.5, 8.9].enumerated() {
            #expect(abs(try #require(figure(r, "ratio[\(k + 1)]")).value - v) / v < 0.01)
        }
        #expect(abs(try #require(figure(r, "tentStabilityRatio")).value - 4.44) < 0.01)
        #expect(abs(try #require(figure(r, "mainTextReadingRatio")).value - 4) < 1e-9)
        #expect(try #require(figure(r, "tentMaxAbsWOverRadius")).value <= 1)
        #expect(r.sanityControls.first?.asRequired == true)
    }
}
