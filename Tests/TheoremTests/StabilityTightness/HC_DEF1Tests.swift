import Claims
import Testing

@Suite("HC-DEF1 L-Lipschitz")
struct HC_DEF1Tests {
    @Test("the analytic L bounds the path gradients; half of it does not")
    func lipschitz() async throws {
        let r = try await claimResult("HC-DEF1")
        #expect(r.verdict == .definition && r.passed)
        let m = try #require(figure(r, "pathMaxGradientNorm")).value
        #expect(m > 1.5 && m <= 3)  // L/2 < max ≤ L, so the halved control has something to catch
        #expect(r.controls.first?.failing == ["attainedOverDeclaredL", "pathMaxOverDeclaredL"])
    }

    @Test("L is checked to be the supremum on K (attained exactly), so an over-estimated L cannot pass")
    func attained() async throws {
        let r = try await claimResult("HC-DEF1")
        let f = try #require(figure(r, "attainedOverDeclaredL"))
        #expect(f.exact == "1" && f.role == .conclusion && f.tier == .exact)
    }
}
