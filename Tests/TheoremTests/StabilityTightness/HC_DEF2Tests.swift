import Claims
import Testing

@Suite("HC-DEF2 β-smooth")
struct HC_DEF2Tests {
    @Test("β = ‖A‖₂ bounds the sampled quotients on a rotated A; β/2 does not")
    func smooth() async throws {
        let r = try await claimResult("HC-DEF2")
        #expect(r.verdict == .definition && r.passed)
        // Sampled quotients come close to β (within 1%), so the bound is tight, not vacuous.
        #expect(try #require(figure(r, "maxQuotientOverBeta")).value > 0.99)
        #expect(r.controls.first?.failing == ["maxQuotientOverBeta"])
    }
}
