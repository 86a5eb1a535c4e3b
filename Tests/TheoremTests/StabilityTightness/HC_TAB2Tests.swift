import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-TAB2 perturb-and-retrain (Table 2): internal consistency of the printed data, and the substitute")
struct HC_TAB2Tests {
    @Test("every row within the factor 2 (largest 65/62), all above 1; column 1 halves with σ within the printed precision")
    func dataChecks() async throws {
        let r = try await claimResult("HC-TAB2")
        #expect(r.verdict == .empirical && r.passed && r.tier == .exact)
        #expect(figure(r, "maxRetrainedOverPerturbed")?.exact == "65/62")
        #expect(figure(r, "ratio[ResNet18,sigma=1/100]")?.exact == "557/549")
        #expect(figure(r, "ratio[DenseNet121,sigma=1/100]")?.exact == "42/41")
        #expect(figure(r, "sigmaScalingDistance[ResNet18]")?.exact == "0")
        #expect(figure(r, "sigmaScalingDistance[DenseNet121]")?.exact == "0")
        let ratios = r.statement.figures.filter { $0.key.hasPrefix("ratio[") }.map(\.value)
        #expect(ratios.count == 4 && ratios.allSatisfy { $0 > 1 }) // no contraction towards w*
    }

    @Test("controls: contraction (factor 1) fails every row; the retrained column is not proportional to σ")
    func controls() async throws {
        let r = try await claimResult("HC-TAB2")
        let one = try #require(r.controls.first { $0.name == "factor 1 instead of 2" })
        #expect(one.failing == ["maxRetrainedOverPerturbed"])
        let col = try #require(r.controls.first { $0.name == "σ-scaling read on the retrained column" })
        #expect(Set(col.failing) == ["sigmaScalingDistance[ResNet18]", "sigmaScalingDistance[DenseNet121]"])
        // 0.5565/0.2775 − 2 = 1/185 and 2 − 0.1265/0.0645 = 5/129.
        #expect(controlFigure(r, col.name, "sigmaScalingDistance[ResNet18]")?.exact == "1/185")
        #expect(controlFigure(r, col.name, "sigmaScalingDistance[DenseNet121]")?.exact == "5/129")
    }

    @Test("the substitute is reported with its noise floor; small σ drowns in it (ratio > 2), large σ does not")
    func substitute() async throws {
        let r = try await claimResult("HC-TAB2")
        #expect(figure(r, "substituteNoiseFloor")?.role == .reported)
        #expect(try #require(figure(r, "substituteRatio[sigma=0.005]")).value > 2)
        #expect(try #require(figure(r, "substituteRatio[sigma=0.05]")).value < 1)
    }
}
