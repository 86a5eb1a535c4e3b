import Claims
import Testing

@Suite("LI-X-LOEWNER rrᵀ ⪯ ((1 − q_y)/q_y)S")
struct LI_X_LOEWNERTests {
    @Test("exact Loewner bound, tight along x, equality for k = 2, the catalog's 11/3; M ⪯ c·H_f for multinomial logistic regression")
    func bound() async throws {
        let r = try await claimResult("LI-X-LOEWNER")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "catalogInstance")).exact == "11/3")
        for key in ["rangeDefect[exact]", "constantMismatch[exact]", "sharpness[exact]", "twoClassEquality[exact]"] {
            #expect(try #require(figure(r, key)).exact == "0", "\(key)")
        }
        #expect(try #require(figure(r, "notSemidefinite[exact]")).value == 0)
        #expect(try #require(figure(r, "modelBound")).value <= 1)
        #expect(try #require(figure(r, "hessianClosedForm")).value <= 1)
    }

    @Test("the constant 1 − q_y is too small on every instance")
    func control() async throws {
        let r = try await claimResult("LI-X-LOEWNER")
        #expect(try #require(controlFigure(r, "constant 1 − q_y", "notSemidefinite[exact]")).value > 0)
        let allFlagged = r.controls.allSatisfy(\.flagged)
        #expect(allFlagged)
    }
}
