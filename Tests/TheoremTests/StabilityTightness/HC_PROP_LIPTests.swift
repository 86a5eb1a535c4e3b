import Claims
import Testing

@Suite("HC-PROP-LIP divergence to stability")
struct HC_PROP_LIPTests {
    @Test("gap ≤ L‖Δ‖ on every path with L on the invariant ball; L at w_0 fails")
    func lipschitz() async throws {
        let r = try await claimResult("HC-PROP-LIP")
        #expect(r.verdict == .holds && r.passed)
        // The construction has teeth: the gap exceeds ‖Δ‖ somewhere.
        #expect(try #require(figure(r, "maxPathQuotient")).value > 1)
        #expect(r.controls.first?.failing == ["maxPathQuotientOverL", "stabilityOverLDivergence"])
    }

    @Test("the invariant ball and the L used are checked on the enumerated outputs, not assumed")
    func hypothesesAreFigures() async throws {
        let r = try await claimResult("HC-PROP-LIP")
        for key in ["maxSquaredNormYX", "maxIterateNormTimesLambdaMin", "gradientsOverL"] {
            let f = try #require(figure(r, key), "missing hypothesis figure \(key)")
            #expect(f.role == .hypothesis && f.requirementMet)
        }
        // max ‖w‖ ≈ 2.103 inside the ball of radius 1/λ_min ≈ 2.522.
        #expect(abs(try #require(figure(r, "maxIterateNormTimesLambdaMin")).value - 2.103327099349387 / 2.522407749927483) < 1e-9)
        // With L = 1 (w_0 only) the gradients met exceed L: the hypothesis figure itself rejects the control.
        #expect(controlFigure(r, "L at w_0 only", "gradientsOverL")?.requirementMet == false)
    }
}
