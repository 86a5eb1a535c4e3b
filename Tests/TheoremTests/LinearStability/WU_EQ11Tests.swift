import Claims
import Testing

@Suite("WU-EQ11 Eq. 11's efficient formulas")
struct WU_EQ11Tests {
    @Test("two formulas hold, the printed ‖Σ‖_F² is refuted; the corrected form and the exact excess ‖PN1‖²/n³ hold")
    func refuted() async throws {
        let r = try await claimResult("WU-EQ11")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(r.statement.failing == ["printedNormMismatch"])
        #expect(r.repair?.verdict == .holds)
        #expect(r.sanityControls.first?.asRequired == true)
    }
}
