import Claims
import Testing

@Suite("WU-X-OP the second-moment operator")
struct WU_X_OPTests {
    @Test("closed form = enumeration, self-adjoint, positive; bounded below η_crit, growing above; without replacement is caught")
    func operatorFacts() async throws {
        let r = try await claimResult("WU-X-OP")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "closedFormMismatch")).exact == "0")
        #expect(try #require(figure(r, "selfAdjointnessGap")).exact == "0")
        #expect(try #require(figure(r, "unstableGrowthOverBound")).value > 1)
        #expect(try #require(controlFigure(r, "batches without replacement", "closedFormMismatch")).value > 0)
    }
}
