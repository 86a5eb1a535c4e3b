import Claims
import Testing

@Suite("WU-LE.1 the quadratic lower bound")
struct WU_LE_1Tests {
    @Test("slack ≥ 0 on 200 exact instances and 0 at the equality instance; indefinite H runs to −∞")
    func bound() async throws {
        let r = try await claimResult("WU-LE.1")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "equalitySlack")).exact == "0")
        #expect(try #require(controlFigure(r, "indefinite H", "minSlack")).value < -900)
    }
}
