import Claims
import Testing

@Suite("LI-TAB1 Table 1: closed forms of H_f, M, H_p")
struct LI_TAB1Tests {
    @Test("both rows agree with the differentiated definitions in Double and Float80; the least-squares row is consistent exactly")
    func table() async throws {
        let r = try await claimResult("LI-TAB1")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "leastSquares[Double]")).value <= 1)
        #expect(try #require(figure(r, "logistic[Double]")).value <= 1)
        #expect(try #require(figure(r, "leastSquaresIdentity[exact]")).exact == "0")
    }

    @Test("dropping 1/σ² from the least-squares loss, or the App. B.4.2 sign, breaks the table by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-TAB1")
        #expect(try #require(controlFigure(r, "least squares without 1/σ²", "leastSquares[Double]")).value > 1e6)
        #expect(try #require(controlFigure(r, "App. B.4.2 sign", "logistic[Double]")).value > 1e6)
        let allFlagged = r.controls.allSatisfy(\.flagged)
        #expect(allFlagged)
    }
}
