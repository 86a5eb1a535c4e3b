import Claims
import Testing

@Suite("LI-EQ13 Eq. 13: principal-angle cosines are the singular values of UᵀV")
struct LI_EQ13Tests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-EQ13")
        #expect(r.passed)
        #expect(try #require(figure(r, "recursiveAgreement")).value <= 1)
        #expect(try #require(figure(r, "basisIndependence")).value <= 1)
        #expect(try #require(figure(r, "cosineExcess")).value <= 1)
        #expect(try #require(figure(r, "gramRoute")).value <= 1)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-EQ13")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "un-normalised basis", "cosineExcess")).value > 1000000.0)
    }
}
