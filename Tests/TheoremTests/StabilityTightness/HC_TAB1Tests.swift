import Claims
import Testing

@Suite("HC-TAB1 Table 1")
struct HC_TAB1Tests {
    @Test("every cell holds except the paper's non-convex upper bound; at T = 10⁵ that cell holds too")
    func cells() async throws {
        let r = try await claimResult("HC-TAB1")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(r.statement.failing == ["cell[nonConvexUpperOurs]"] && r.repair?.claimID == "HC-T4-CORR")
        #expect(try #require(figure(r, "cell[nonConvexUpperOurs]")).value > 2)
        #expect(r.sanityControls.first?.asRequired == true && r.sanityControls.first?.failing.isEmpty == true)
    }

    @Test("the non-convex lower cell is certified (a single Double run is not numerical-tier evidence)")
    func lowerCellCertified() async throws {
        let r = try await claimResult("HC-TAB1")
        let f = try #require(figure(r, "cell[nonConvexLower]"))
        #expect(f.tier == .certified && f.requirementMet)
        #expect(abs(f.value - 62.59754469238272) < 1e-6)
    }
}
