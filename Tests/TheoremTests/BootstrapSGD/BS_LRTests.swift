import Claims
import Testing

@Suite("BS-LR excessive strength collapses runs; high η destabilises a moderate strength")
struct BS_LRTests {
    @Test("(i) and (ii) hold; divergence is counted, never averaged; the λ₂ = 0 row fails both")
    func cells() async throws {
        let r = try await claimResult("BS-LR")
        #expect(r.verdict == .empirical && r.passed)
        #expect(try #require(figure(r, "minFailures[excessive]")).requirementMet)
        #expect(figure(r, "failures[lowEta,moderate]")?.exact == "0")
        for f in r.statement.figures { #expect(f.value.isFinite, "\(f.key)") }
        let c = try #require(r.controls.first)
        #expect(c.failing == ["minFailures[excessive]", "failures[highEta,moderate]"])
    }
}
