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

    @Test("the loss is rescaled by its actual range width, not by a larger W that favours the citation")
    func tightRescaling() async throws {
        let r = try await claimResult("HC-H-NC")
        let radius = try #require(figure(r, "radius")).value
        let width = try #require(figure(r, "rangeWidth")).value
        // r ≈ 0.549 ≥ 1/(2β) = 1/2: width = βr²/2 + r/2 + 1/(8β) ≈ 0.550, not βr²/2 + r ≈ 0.699.
        #expect(abs(width - (radius * radius / 2 + radius / 2 + 0.125)) < 1e-12)
    }
}
