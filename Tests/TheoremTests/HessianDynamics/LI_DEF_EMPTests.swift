import Claims
import Testing

@Suite("LI-DEF-EMP empirical gradient moments: M = Σ + μμᵀ")
struct LI_DEF_EMPTests {
    @Test("M = Σ + μμᵀ exactly in rationals and to rounding in Double and Float80; M, Σ PSD; rank M ≤ min(n, p); singular when n < p")
    func identity() async throws {
        let r = try await claimResult("LI-DEF-EMP")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "identityMismatch[exact]")).exact == "0")
        #expect(try #require(figure(r, "notSemidefinite[exact]")).value == 0)
        #expect(try #require(figure(r, "rankAboveMin[exact]")).value == 0)
        #expect(try #require(figure(r, "overparameterisedInstances")).value > 0)
        #expect(try #require(figure(r, "definiteWhenNBelowP[exact]")).value == 0)
        #expect(try #require(figure(r, "identityResidual[Double]")).value <= 1)
        #expect(try #require(figure(r, "negativeEigenvalue[Double]")).value <= 1)
        #expect(try #require(figure(r, "numericalRankExcess")).value <= 0)
    }

    @Test("Σ with 1/(n − 1) breaks the identity exactly and far beyond rounding")
    func control() async throws {
        let r = try await claimResult("LI-DEF-EMP")
        #expect(try #require(controlFigure(r, "Σ with 1/(n − 1)", "identityMismatch[exact]")).value > 0)
        // The residual is Σ/(n − 1), of order max|M|/n: about 10¹² tolerance units, far above 1.
        #expect(try #require(controlFigure(r, "Σ with 1/(n − 1)", "identityResidual[Double]")).value > 1e6)
        let allFlagged = r.controls.allSatisfy(\.flagged)
        #expect(allFlagged)
    }
}
