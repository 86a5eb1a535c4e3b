import Claims
import Foundation
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-OBS1 linear models are (ξγ/R²)-Hessian contractive")
struct HC_OBS1Tests {
    @Test("exact least squares: ξ = 8/3, R² = 11, smallest ratio 10/9 ≥ 8/33")
    func exactLeastSquares() async throws {
        let r = try await claimResult("HC-OBS1")
        #expect(r.verdict == .holds && r.passed && r.tier == .exact)
        #expect(figure(r, "xi")?.exact == "8/3")
        #expect(figure(r, "RSquared")?.exact == "11")
        #expect(figure(r, "claimedConstant")?.exact == "8/33")
        #expect(figure(r, "minExactRatio")?.exact == "10/9")
        #expect(figure(r, "minExactRatioMinusClaimed")?.exact == "86/99")
        #expect(try #require(figure(r, "minSampledRatioMinusClaimed")).value > 0.86)
    }

    @Test("logistic balls: certified curvature floors and sampled minima above ξγ(D)/R², as in the catalog's SIM-4 pattern")
    func logistic() async throws {
        let r = try await claimResult("HC-OBS1")
        for rad in ["1/2", "2", "5"] {
            let floor = try #require(figure(r, "curvatureFloor[logistic,rad=\(rad)]")?.enclosure)
            #expect(floor.lower > 0 && floor.upper - floor.lower < 1e-14)
            #expect(try #require(figure(r, "minSampledRatioMinusClaimed[logistic,rad=\(rad)]")).value >= 0)
        }
        // γ(D) = e^{−U}/(1 + e^{−U})² at U = R/2 = √11/2.
        let u: Double = 11.0.squareRoot() / 2
        let ex: Double = Foundation.exp(-u)
        let g: Double = ex / ((1 + ex) * (1 + ex))
        #expect(try #require(figure(r, "curvatureFloor[logistic,rad=1/2]")?.enclosure).lower <= g)
        #expect(try #require(figure(r, "curvatureFloor[logistic,rad=1/2]")?.enclosure).upper >= g * (1 - 1e-15))
        #expect(try #require(figure(r, "logisticPrecisionGapOverBound")).value <= 1)
    }

    @Test("controls: Huber gives ratio 0, the concave link negative ratios, and ξγ without 1/R² is false exactly (10/9 < 8/3)")
    func controls() async throws {
        let r = try await claimResult("HC-OBS1")
        let huber = try #require(r.controls.first { $0.name == "Huber loss with δ = 1/10" })
        #expect(huber.failing == ["minSampledRatio"] && controlFigure(r, huber.name, "minSampledRatio")?.value == 0)
        let concave = try #require(r.controls.first { $0.name == "concave link" })
        #expect(concave.flagged && concave.failing.contains("minExactRatioMinusClaimed"))
        let mutated = try #require(r.controls.first { $0.name == "constant ξγ without 1/R²" })
        #expect(mutated.failing.contains("minExactRatioMinusClaimed"))
        #expect(controlFigure(r, mutated.name, "minExactRatioMinusClaimed")?.exact == "-14/9")
    }

    @Test("the link derivatives: least squares, concave, clamped Huber, logistic")
    func links() {
        #expect(LinkLoss.leastSquares.derivative(3.0, 1.0) == 2)
        #expect(LinkLoss.concave.derivative(3.0, 1.0) == -2)
        let huber = LinkLoss.huber(delta: try! Rational(1, 10)) // denominator ≠ 0
        #expect(huber.derivative(3.0, 1.0) == 0.1 && huber.derivative(-3.0, 1.0) == -0.1 && huber.derivative(1.05, 1.0) == 1.05 - 1)
        #expect(abs(LinkLoss.logistic.derivative(0.0, 1.0) + 0.5) < 1e-16)
        #expect(LinkLoss.logistic.globalCurvatureFloor == .zero && LinkLoss.concave.constantCurvature == -.one)
    }
}
