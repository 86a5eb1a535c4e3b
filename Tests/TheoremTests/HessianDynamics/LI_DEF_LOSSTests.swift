import Claims
import Testing

@Suite("LI-DEF-LOSS softmax log-loss, its gradient and Hessian in the logits")
struct LI_DEF_LOSSTests {
    @Test("q − e_y and diag(q) − qqᵀ (PSD, null vector 1, rank k − 1) exactly; finite and accurate at logits ±800")
    func loss() async throws {
        let r = try await claimResult("LI-DEF-LOSS")
        #expect(r.verdict == .definition && r.passed)
        for key in ["gradientSum[exact]", "nullVectorDefect[exact]"] { #expect(try #require(figure(r, key)).exact == "0", "\(key)") }
        #expect(try #require(figure(r, "notSemidefinite[exact]")).value == 0)
        #expect(try #require(figure(r, "rankNotKMinus1[exact]")).value == 0)
        #expect(try #require(figure(r, "extremeInstances")).value > 0)
        #expect(try #require(figure(r, "nonFinite[Double]")).value == 0)
        for key in ["lossVsFloat80", "gradientVsClosedForm", "hessianVsClosedForm"] { #expect(try #require(figure(r, key)).value <= 1, "\(key)") }
    }

    @Test("the naive log-sum-exp overflows at ±800; diag(q) alone is not the Hessian")
    func controls() async throws {
        let r = try await claimResult("LI-DEF-LOSS")
        #expect(try #require(controlFigure(r, "naive log-sum-exp", "nonFinite[Double]")).value > 0)
        #expect(try #require(controlFigure(r, "Hessian without −qqᵀ", "hessianVsClosedForm")).value > 1e6)
        let allFlagged = r.controls.allSatisfy(\.flagged)
        #expect(allFlagged)
    }
}
