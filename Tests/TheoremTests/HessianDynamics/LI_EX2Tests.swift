import Claims
import Testing

@Suite("LI-EX2 Example 2: logistic regression near separation")
struct LI_EX2Tests {
    @Test("H_f − M has the stated form; H_f ⪰ M when every q_i ≥ 1/2; M ⪯ c·H_f with c → 0 and the bound attained")
    func separation() async throws {
        let r = try await claimResult("LI-EX2")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "minLabelProbability")).value >= 0.5)
        for key in ["identity", "dominance", "loewnerBound"] { #expect(try #require(figure(r, key)).value <= 1, "\(key)") }
        let c = try ["0.3", "3", "30"].map { try #require(figure(r, "c[s=\($0)]")).value }
        #expect(c[0] > c[1] && c[1] > c[2] && c[2] < 1e-12)
        for s in ["0.3", "3", "30"] { #expect(abs(try #require(figure(r, "normRatioOverC[s=\(s)]")).value - 1) < 1e-6) }
        #expect(r.statement.plots.count == 1)
    }

    @Test("one misclassified point makes H_f − M indefinite")
    func control() async throws {
        let r = try await claimResult("LI-EX2")
        #expect(try #require(controlFigure(r, "one point misclassified", "dominance")).value > 1e6)
        let allFlagged = r.controls.allSatisfy(\.flagged)
        #expect(allFlagged)
    }
}
