import Claims
import Testing

@Suite("HC-LEM3 the growth lemma fails near t0; the harmonic repair holds")
struct HC_LEM3Tests {
    @Test("certified counterexample ratios match the catalog's SIM-5; the repair is attained with equality at T = t0 + 1")
    func refuted() async throws {
        let r = try await claimResult("HC-LEM3")
        #expect(r.verdict == .refutedAsStated && r.passed && r.tier == .certified)
        let ratios = try (1...4).map { try #require(figure(r, "ratio[\($0)]")).value }
        for (v, catalog) in zip(ratios, [0.10, 0.716, 0.010, 0.672]) { #expect(abs(v - catalog) < 0.005, "\(v) vs \(catalog)") }
        #expect(r.repair?.verdict == .holds)
        #expect(r.repair?.statement?.figures.first { $0.key == "minRatioToHarmonic" }?.exact == "1")
        #expect(r.sanityControls.first?.asRequired == true)
    }
}
