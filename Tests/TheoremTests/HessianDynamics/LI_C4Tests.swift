import Claims
import Testing

@Suite("LI-C4 Corollary 4: isotropic-prior PAC-Bayes bound")
struct LI_C4Tests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-C4")
        #expect(r.passed)
        #expect(try #require(figure(r, "formula")).value <= 1)
        #expect(try #require(figure(r, "coverage")).value <= 0.05)
        #expect(try #require(figure(r, "violations")).value == 0)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-C4")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "anisotropic prior", "formula")).value > 1000000.0)
    }
}
