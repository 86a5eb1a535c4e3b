import Claims
import Testing

@Suite("LI-EQ99: covariant transformation of ∇f, H_f, M, H_p under α-scale maps")
struct LI_EQ99Tests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-EQ99")
        #expect(r.passed)
        #expect(try #require(figure(r, "hessianTransform")).value <= 1)
        #expect(try #require(figure(r, "gradientTransform")).value <= 1)
        #expect(try #require(figure(r, "secondMomentTransform")).value <= 1)
        #expect(try #require(figure(r, "probabilityCurvatureTransform")).value <= 1)
        // Sharpness is not invariant: λ_max moves by orders of magnitude.
        #expect(try #require(figure(r, "sharpnessRange")).value > 10)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-EQ99")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "tanh network", "hessianTransform")).value > 1000000.0)
        #expect(try #require(controlFigure(r, "Πα = 2", "hessianTransform")).value > 1000000.0)
        #expect(try #require(controlFigure(r, "naive bias scaling", "hessianTransform")).value > 1000000.0)
    }
}
