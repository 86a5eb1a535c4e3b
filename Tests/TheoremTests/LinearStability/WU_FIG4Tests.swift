import Claims
import Testing

@Suite("WU-FIG4 / WU-FIG9 escape from sharp minima (substitute)")
struct WU_FIG4Tests {
    @Test("a GD-stable minimum with ρ(T_{1,1}) > 1: most B = 1 trajectories grow; with B = 10 they do not")
    func escapeFromGD() async throws {
        let r = try await claimResult("WU-FIG4")
        #expect(r.verdict == .empirical && r.passed)
        #expect(try #require(figure(r, "finderStability")).value < 1)
        let radius = try #require(figure(r, "escapeRadius")).value
        #expect(radius > 1)
        #expect(try #require(figure(r, "escapeShareLower")).value > 0.5)
        // The typical path grows more slowly than the mean square: the median rate is above 1 and below ρ(T).
        let median = try #require(figure(r, "medianGrowthPerStep")).value
        #expect(median > 1 && median < radius)
        #expect(try #require(controlFigure(r, "escape with B = 10", "escapeShareLower")).value <= 0.5)
        #expect(try #require(controlFigure(r, "escape with B = 10", "escapeRadius")).value < 1)
    }

    @Test("a minimum found by SGD with B = 10 is left by SGD with B = 1")
    func escapeFromLargeBatch() async throws {
        let r = try await claimResult("WU-FIG9")
        #expect(r.verdict == .empirical && r.passed)
        #expect(try #require(figure(r, "finderStability")).value < 1)
        #expect(try #require(figure(r, "escapeShareLower")).value > 0.5)
        #expect(try #require(controlFigure(r, "escape with B = 10", "escapeShareLower")).value <= 0.5)
    }
}
