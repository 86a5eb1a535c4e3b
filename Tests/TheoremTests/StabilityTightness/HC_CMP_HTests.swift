import Claims
import Testing

@Suite("HC-CMP-H the comparison with Hardt et al. is correct algebra")
struct HC_CMP_HTests {
    @Test("no mismatch on the grid, boundary points exist (strict equivalence), the mutated exponent disagrees")
    func algebra() async throws {
        let r = try await claimResult("HC-CMP-H")
        #expect(r.verdict == .holds && r.passed && figure(r, "mismatches")?.exact == "0")
        #expect(try #require(figure(r, "boundaryPoints")).value > 0)
        #expect(try #require(controlFigure(r, "exponent a instead of a/(1 + a)", "mismatches")).value > 0)
    }
}
