import Claims
import Testing

@Suite("WU-LE.2 the range of r")
struct WU_LE_2Tests {
    @Test("r between the extreme (1 − ηλ_j)², sup = 1 at η = 2/λ₁; 1.21 at η = 2.1/λ₁")
    func range() async throws {
        let r = try await claimResult("WU-LE.2")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "maxR")).exact == "1")
        #expect(try #require(controlFigure(r, "η = 2.1/λ₁", "maxR")).exact == "121/100")
    }
}
