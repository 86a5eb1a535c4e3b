import Claims
import Testing

@Suite("LI-FIG2: principal angles between the top-15 eigenspaces of H_f and M")
struct LI_FIG2Tests {
    @Test("aligned in the second half of training, not at the start; the plot has bands")
    func empirical() async throws {
        let r = try await claimResult("LI-FIG2")
        #expect(r.verdict == .empirical && r.passed)
        #expect(try #require(figure(r, "lowerCosine10")).value >= 0.9)
        // The early period is not aligned: the report says so rather than asserting the paper's "entire training period".
        #expect(try #require(figure(r, "cosine10AtStart")).value < 0.9)
        #expect(r.statement.plots.count == 1)
    }

    @Test("a random 15-dimensional subspace in place of M's fails the criterion")
    func controls() async throws {
        let r = try await claimResult("LI-FIG2")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "random subspace for M", "lowerCosine10")).value < 0.5)
    }
}
