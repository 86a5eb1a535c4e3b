import Claims
import Testing

@Suite("HC-INTRO contributions R1–R7")
struct HC_INTROTests {
    @Test("every item maps to a registered claim naming its result; the printed numbering mismatches R3 and R4")
    func mapping() async throws {
        let r = try await claimResult("HC-INTRO")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "renumberedItems")).value == 2)
        #expect(try #require(controlFigure(r, "numbers as printed", "mismatchedItems")).value == 2)
    }
}
