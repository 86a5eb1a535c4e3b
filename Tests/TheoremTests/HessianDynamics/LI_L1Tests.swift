import Claims
import Testing

@Suite("LI-L1 Lemma 1: KL invariance under a common invertible map")
struct LI_L1Tests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-L1")
        #expect(r.passed)
        #expect(try #require(figure(r, "invariance")).value <= 1)
        #expect(try #require(figure(r, "singularAccepted")).value == 0)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-L1")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "only Q transformed", "invariance")).value > 1000000.0)
    }
}
