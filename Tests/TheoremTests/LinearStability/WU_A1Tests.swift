import Claims
import Testing

@Suite("WU-A1 internal consistency of the printed experimental settings")
struct WU_A1Tests {
    @Test("the printed random-feature step is certified unstable; the rescaled step and η_rec are certified stable")
    func randomFeatures() async throws {
        let r = try await claimResult("WU-A1")
        #expect(r.verdict == .empirical && r.passed)
        let etaLambda = try #require(figure(r, "etaLambda1[literal]")).value
        #expect(etaLambda > 2)
        // The Rayleigh quotient can never fall below (1 − ηλ₁)² (Jensen on the top eigenvector of H); power steps only raise it.
        #expect(try #require(figure(r, "rhoLower[literal]")).value >= (1 - etaLambda) * (1 - etaLambda) * (1 - 1e-9))
        let lower = try #require(figure(r, "etaCritLower")).value, upper = try #require(figure(r, "etaCritUpper")).value
        #expect(lower <= upper && upper - lower <= 1e-3 * upper)
        // GD's critical step 2/λ₁ is an upper bound on SGD's (the noise term only adds).
        let lambda1 = try #require(figure(r, "lambda1")).value
        #expect(upper <= 2 / lambda1)
        #expect(try #require(figure(r, "rescaledStability")).value <= 1)
        #expect(try #require(figure(r, "recommendedStability")).value <= 1)
        #expect(try #require(controlFigure(r, "batch size 1", "rescaledStability")).value > 1)
        #expect(try #require(controlFigure(r, "recommended step above the critical step", "recommendedStability")).value > 1)
        #expect(try #require(controlFigure(r, "printed step divided by 20", "rhoLower[literal]")).value <= 1)
    }

    @Test("the printed SGD runs: random features and Xavier's linear network overflow, PyTorch's default start trains")
    func runs() async throws {
        let r = try await claimResult("WU-A1")
        #expect(try #require(figure(r, "sgdOverflowStep[literal]")).value > 0)
        #expect(try #require(figure(r, "networkEtaLambda1[xavier]")).value > 2)
        #expect(try #require(figure(r, "networkOverflowStep[xavier]")).value > 0)
        #expect(try #require(figure(r, "networkEtaLambda1[default]")).value < 2)
        #expect(try #require(figure(r, "networkLoss[default]")).value < 1e-6)
        #expect(r.statement.plots.count == 2)
    }
}
