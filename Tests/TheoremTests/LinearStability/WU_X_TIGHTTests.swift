import Claims
import Testing

@Suite("WU-X-TIGHT equality instances")
struct WU_X_TIGHTTests {
    @Test("all six equality families attain their bounds exactly; perturbed instances do not")
    func tight() async throws {
        let r = try await claimResult("WU-X-TIGHT")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "familiesAttained")).value == 6)
        #expect(try #require(controlFigure(r, "perturbed instances", "familiesAttained")).value < 6)
    }
}
