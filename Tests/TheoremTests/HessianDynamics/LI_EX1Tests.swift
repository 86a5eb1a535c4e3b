import Claims
import Testing

@Suite("LI-EX1 Example 1: interpolating least squares")
struct LI_EX1Tests {
    @Test("at the exact minimum-norm interpolant M = 0 and H_p = −H_f ≠ 0")
    func interpolation() async throws {
        let r = try await claimResult("LI-EX1")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "notInterpolating")).value == 0)
        #expect(try #require(figure(r, "secondMomentAtSolution[exact]")).exact == "0")
        #expect(try #require(figure(r, "hpPlusHf[exact]")).exact == "0")
        #expect(try #require(figure(r, "zeroHessian")).value == 0)
    }

    @Test("with n > p the least-squares solution leaves residuals, so M ≠ 0")
    func control() async throws {
        let r = try await claimResult("LI-EX1")
        #expect(try #require(controlFigure(r, "n > p", "secondMomentAtSolution[exact]")).value > 0)
        let allFlagged = r.controls.allSatisfy(\.flagged)
        #expect(allFlagged)
    }
}
