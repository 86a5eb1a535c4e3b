import Claims
import Foundation
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-T5 exponential divergence with a constant step, for a ≤ a* ≈ 2.5462")
struct HC_T5Tests {
    @Test("exact tier: the witness follows ((1 + a′)^T − 1)/(βn) and the exponential ratio identity exactly")
    func exactLaw() async throws {
        let r = try await claimResult("HC-T5")
        #expect(r.verdict == .holds && r.passed && r.tier == .exact)
        #expect(figure(r, "ratioIdentityDeviation")?.exact == "0")
        #expect(figure(r, "ratioIdentityHorizon")?.exact == "30")
        #expect(figure(r, "recursionMinusSumOfProducts")?.exact == "0")
        #expect(figure(r, "expectedDivergence[T=30]")?.exact == "1073741823/10") // (2³⁰ − 1)/10
    }

    @Test("numerical and certified tiers: the bound holds on (n, n + 500] beyond rounding; a* is enclosed near 2.5462")
    func boundAndThreshold() async throws {
        let r = try await claimResult("HC-T5")
        #expect(try #require(figure(r, "minLogRatioLowerBound")).value > 4)
        #expect(try #require(figure(r, "logSpacePrecisionGap")).value <= 1)
        let star = try #require(figure(r, "rateThreshold")?.enclosure)
        #expect(star.lower > 2.5462 && star.upper < 2.5463 && star.upper - star.lower < 1e-8)
        #expect(try #require(figure(r, "rateMargin")?.enclosure).lower > 0.35)
        #expect(r.statement.plots.map(\.key) == ["divergence-vs-steps", "rate-threshold"])
    }

    @Test("the catalog's corrected grid: 23 of 24 cells hold, exactly those with β ≤ β_max; a = 3 fails in every cell")
    func grid() async throws {
        let r = try await claimResult("HC-T5")
        #expect(figure(r, "gridMismatches")?.exact == "0")
        #expect(figure(r, "gridPassing")?.exact == "23")
        #expect(figure(r, "aboveThresholdCellsPassing")?.exact == "0")
        #expect(abs(try #require(figure(r, "gridSmallestPositiveMinimum")).value - 0.2689) < 5e-5)
        #expect(abs(try #require(figure(r, "cellRatio[a=1/10,beta=1,n=2,T=3]")).value - 0.5761) < 5e-5)
        #expect(try #require(figure(r, "monteCarloZ")).value <= 3.29)
    }

    @Test("controls: decreasing steps and contractive curvature break the law; a = 3 breaks the bound and the rate condition")
    func controls() async throws {
        let r = try await claimResult("HC-T5")
        let dec = try #require(r.controls.first { $0.name == "decreasing instead of constant step" })
        #expect(dec.flagged && dec.failing.contains("minLogRatioLowerBound") && dec.failing.contains("ratioIdentityDeviation"))
        let pos = try #require(r.controls.first { $0.name == "curvature +β along v" })
        #expect(pos.flagged && pos.failing.contains("minLogRatioLowerBound"))
        let three = try #require(r.controls.first { $0.name == "a = 3 above the threshold" })
        #expect(three.failing.sorted() == ["minLogRatioLowerBound", "rateMargin"])
        #expect(try #require(controlFigure(r, three.name, "rateMargin")?.enclosure).upper < 0)
    }

    @Test("log-space recursion against exact rationals, and its refusal of sign-changing multipliers")
    func logSpace() throws {
        let c = try NonConvexQuadratic(beta: .one, curvature: .negative, n: 10)
        let ray = try c.ray(schedule: .constant(try Rational(1, 2)), plan: UpdatePlan(first: 0, count: 40))
        let exact = try ray.exactExpectations()
        let (logE, bound) = try ray.logExpectations(Double.self)
        for t in 0..<40 {
            #expect(abs(logE[t] - log(exact[t].doubleValue)) <= bound[t] + 4 * Double.ulpOfOne * abs(logE[t]), "t = \(t)")
        }
        let flip = try NonConvexQuadratic(beta: .one, curvature: .positive, n: 10).ray(schedule: .constant(Rational(3)), plan: UpdatePlan(first: 0, count: 5))
        #expect(thrownKind { try flip.logExpectations(Double.self) } == "invalidArgument")
        #expect(thrownKind { try NonConvexQuadratic(beta: .zero, curvature: .negative, n: 10) } == "invalidArgument")
        #expect(thrownKind { try NonConvexQuadratic(beta: .one, curvature: .negative, n: 1) } == "invalidArgument")
    }
}
