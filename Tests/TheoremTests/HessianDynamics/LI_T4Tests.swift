import Claims
import Testing

@Suite("LI-T4 Theorem 4: scale-invariant PAC-Bayes-kl bound")
struct LI_T4Tests {
    @Test("identity to rounding, slack ≤ 0, both sides α-scale invariant, coverage above 1 − δ at 95% confidence")
    func holds() async throws {
        let r = try await claimResult("LI-T4")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "identity")).value <= 1)
        #expect(try #require(figure(r, "slackPositive")).value == 0)
        #expect(try #require(figure(r, "rhsInvariance")).value <= 1)
        #expect(try #require(figure(r, "lhsInvariance")).value == 0)
        #expect(try #require(figure(r, "coverage")).value <= 0.05)
        // The regime is not vacuous: the mean bound stays below ½ for both prior variances, d̃ as the catalog says.
        #expect(try #require(figure(r, "bound[gauss2,s2=1]")).value < 0.5)
        #expect(try #require(figure(r, "dTilde[gauss2,s2=1]")).value == 0)
        #expect(try #require(figure(r, "dTilde[gauss2,s2=100]")).value == 6)
        // Memorisation: training error 0, true error ½, a vacuous bound that still holds.
        #expect(try #require(figure(r, "trainError[memorise,s2=0.0001]")).value < 1e-6)
        #expect(abs(try #require(figure(r, "trueError[memorise,s2=0.0001]")).value - 0.5) < 1e-12)
        #expect(r.statement.plots.count == 1)
    }

    @Test("a prior chosen after the sample breaks coverage on every memorisation sample; tanh breaks invariance")
    func controls() async throws {
        let r = try await claimResult("LI-T4")
        #expect(try #require(controlFigure(r, "data-dependent prior", "violations[memorise,s2=0.0001]")).value == 100)
        #expect(try #require(controlFigure(r, "data-dependent prior", "violations[gauss2,s2=100]")).value == 0)
        #expect(try #require(controlFigure(r, "data-dependent prior", "coverage")).value > 0.9)
        #expect(try #require(controlFigure(r, "tanh network", "rhsInvariance")).value > 1e6)
        #expect(try #require(controlFigure(r, "tanh network", "lhsInvariance")).value > 0)
        #expect(r.controls.allSatisfy { $0.flagged })
    }
}
