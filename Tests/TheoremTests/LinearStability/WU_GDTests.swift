import Claims
import Testing

@Suite("WU-GD gradient descent's stability")
struct WU_GDTests {
    @Test("stable ⟺ ηλ₁ ≤ 2 exactly; the size-dependent bound is attained by H = λI; SGD's operator disagrees")
    func gd() async throws {
        let r = try await claimResult("WU-GD")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "criterionMismatches")).value == 0)
        #expect(try #require(figure(r, "attainedSizes")).value == 4)
        #expect(try #require(controlFigure(r, "SGD with B = 1 instead of GD", "criterionMismatches")).value > 0)
    }
}
