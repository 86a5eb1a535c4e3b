import Claims
import Testing

@Suite("LI-P1 Proposition 1: H_f = M − H_p")
struct LI_P1Tests {
    @Test("the identity holds to rounding on every random instance (Double and Float80), by two routes to H_p, and along SGD at p = 1150")
    func identity() async throws {
        let r = try await claimResult("LI-P1")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "instances")).value >= 200)
        #expect(try #require(figure(r, "residual[Double]")).value <= 1)
        #expect(try #require(figure(r, "hpRoutesAgree")).value <= 1)
        #expect(try #require(figure(r, "residual[production]")).value <= 1)
        #expect(try #require(figure(r, "productionCheckpoints")).value >= 2)
        #expect(r.statement.plots.count == 1)
    }

    @Test("each control breaks it by far more than rounding: squared error on the softmax, M^(5), Gauss–Newton only")
    func controls() async throws {
        let r = try await claimResult("LI-P1")
        for name in ["squared error on the softmax", "mini-batch second moment", "Gauss–Newton only"] {
            // 10⁶ tolerance units: a relative residual of order 10⁻⁸ or more, against rounding at 10⁻¹⁵.
            #expect(try #require(controlFigure(r, name, "residual[Double]")).value > 1e6, "\(name)")
        }
    }
}
