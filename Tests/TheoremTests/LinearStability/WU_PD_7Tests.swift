import Claims
import Testing

@Suite("WU-PD.7 general random-feature models: unspecified constant")
struct WU_PD_7Tests {
    @Test("exact steps hold, the deviation shrinks near n^{−1/2}, and C = 1 suffices")
    func constant() async throws {
        let r = try await claimResult("WU-PD.7")
        #expect(r.verdict == .uncheckableConstant && r.passed)
        #expect(try #require(figure(r, "lemmaStepRatio")).value <= 1)
        #expect(try #require(figure(r, "bound23Attained")).value <= 1)
        let slope = try #require(figure(r, "slopeOneMinusGamma")).value
        #expect(slope < -0.25 && slope > -0.75)
        #expect(try #require(figure(r, "impliedConstant")).value < 1)
        #expect(try #require(figure(r, "maxFeatureOverB")).value <= 1)
        #expect(r.repair?.verdict == .holds)
    }

    @Test("Gaussian inputs: γ_n does not approach 1 and C = 1 fails")
    func controls() async throws {
        let r = try await claimResult("WU-PD.7")
        #expect(try #require(controlFigure(r, "Gaussian inputs", "gapShrinksZ")).value < 3.09)
        #expect(r.controls.count == 2 && r.controls.allSatisfy { $0.asRequired })
    }
}
