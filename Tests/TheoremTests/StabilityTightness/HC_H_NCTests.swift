import Claims
import Testing

@Suite("HC-H-NC cited non-convex bound")
struct HC_H_NCTests {
    @Test("the rescaled tent lower bound is about a tenth of the cited bound; fifty differing points exceed it")
    func consistent() async throws {
        let r = try await claimResult("HC-H-NC")
        #expect(r.verdict == .cited && r.passed)
        let ratio = try #require(figure(r, "lowerOverBound")).value
        #expect(ratio > 0.05 && ratio < 0.2)  // the catalog's simulation: 0.01097 against 0.1068
        #expect(try #require(controlFigure(r, "fifty differing points", "lowerOverBound")).value > 1)
    }
}
