import Claims
import Testing

@Suite("LI-REM-ESC: the escape remark after Theorem 1")
struct LI_REM_ESCTests {
    @Test("at a stationary maximum with M ≠ 0 no step increases f; the exact expectation holds instead")
    func refuted() async throws {
        let r = try await claimResult("LI-REM-ESC")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(try #require(figure(r, "stationary")).value == 1)
        #expect(try #require(figure(r, "increaseFraction")).value == 0)
        let repair = try #require(r.repair?.statement)
        #expect(try #require(repair.figures.first { $0.key == "expectation" }).value <= 1)
    }

    @Test("the sanity control (a minimum) passes; the repair's control (Σ for Σ/m) is flagged")
    func controls() async throws {
        let r = try await claimResult("LI-REM-ESC")
        #expect(r.controls.allSatisfy { $0.kind.contains("sanity") ? !$0.flagged : $0.flagged })
    }
}
