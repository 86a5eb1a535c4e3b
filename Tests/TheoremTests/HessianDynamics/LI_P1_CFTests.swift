import Claims
import Testing

@Suite("LI-P1-CF closed forms of ∇f, H_f, M and H_p for softmax cross-entropy")
struct LI_P1_CFTests {
    @Test("the closed forms equal the automatically differentiated matrices to rounding, in Double, Float80 and on the paper network")
    func agreement() async throws {
        let r = try await claimResult("LI-P1-CF")
        #expect(r.verdict == .holds && r.passed)
        for key in ["hessian[Double]", "gradient", "secondMoment", "probabilityCurvature", "hessian[Float80]", "hessian[production]"] {
            #expect(try #require(figure(r, key)).value <= 1, "\(key)")
        }
        // The cross-layer part is of the Gauss–Newton part's size: a closed form without it could not pass.
        #expect(try #require(figure(r, "curvatureShare")).value > 0.1)
    }

    @Test("dropping the cross-layer curvature, or a smooth activation, misses H_f by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-P1-CF")
        for name in ["Gauss–Newton only", "tanh network"] {
            #expect(try #require(controlFigure(r, name, "hessian[Double]")).value > 1e6, "\(name)")
            #expect(try #require(controlFigure(r, name, "gradient")).value <= 1, "\(name): the gradient closed form needs neither")
        }
        #expect(r.controls.allSatisfy { $0.flagged })
    }
}
