import Claims
import Testing

@Suite("HC-PROP-LIP divergence to stability")
struct HC_PROP_LIPTests {
    @Test("gap ≤ L‖Δ‖ on every path with L on the invariant ball; L at w_0 fails")
    func lipschitz() async throws {
        let r = try await claimResult("HC-PROP-LIP")
        #expect(r.verdict == .holds && r.passed)
        // The construction has teeth: the gap exceeds ‖Δ‖ somewhere.
        #expect(try #require(figure(r, "maxPathQuotient")).value > 1)
        #expect(r.controls.first?.failing == ["maxPathQuotientOverL", "stabilityOverLDivergence"])
    }
}
