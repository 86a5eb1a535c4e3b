import Claims
import Testing

@Suite("HC-REM-XI the r²/n remark")
struct HC_REM_XITests {
    @Test("r²/n fails by 1/r² = 4 at r = 1/2; r⁴/n holds and is attained by orthogonal data; r ≥ 1 passes")
    func refuted() async throws {
        let r = try await claimResult("HC-REM-XI")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(try #require(figure(r, "maxPrintedOverXi")).exact == "4")
        #expect(try #require(figure(r, "xi[1]")).exact == "1/16")
        #expect(r.repair?.verdict == .holds)
        #expect(r.sanityControls.first?.asRequired == true)
    }

    @Test("the repair's equality on orthogonal data is asserted, not only reported")
    func equalityAsserted() async throws {
        let r = try await claimResult("HC-REM-XI")
        let f = try #require(r.repair?.statement?.figures.first { $0.key == "orthogonalDeviation" })
        #expect(f.role == .conclusion && f.exact == "0" && f.requirementMet)
    }
}
