import Claims
import Testing

@Suite("LI-D2 Definition 2: α-scale maps are invertible")
struct LI_D2Tests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-D2")
        #expect(r.passed)
        #expect(try #require(figure(r, "notRecovered")).value == 0)
        #expect(try #require(figure(r, "nonInvertibleAccepted")).value == 0)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-D2")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "a zero scale", "notRecovered")).value > 0)
    }
}
