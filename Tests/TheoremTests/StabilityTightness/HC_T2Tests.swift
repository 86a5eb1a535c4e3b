import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-T2 Theorem 2 refuted on a consistent least-squares construction")
struct HC_T2Tests {
    @Test("certified violation: ‖E Δ_T‖ exceeds 4LR/(ξγn) by 2.11× at n = 10 and 10.6× at n = 50, every hypothesis computed")
    func refuted() async throws {
        let r = try await claimResult("HC-T2")
        #expect(r.verdict == .refutedAsStated && r.passed && r.tier == .certified)
        #expect(r.repair?.claimID == "HC-T2-CORR" && r.repair?.verdict == .holds)
        #expect(try #require(figure(r, "certifiedLowerOverBound[1]")?.enclosure).lower > 2.11)
        #expect(try #require(figure(r, "certifiedLowerOverBound[2]")?.enclosure).lower > 10.5)
        #expect(figure(r, "selfCorrelation[1]")?.exact == "1" && figure(r, "alphaBetaR2[1]")?.exact == "5/8")
        #expect(abs(try #require(figure(r, "lipschitz[1]")).value - 2.118) < 1e-3) // the charitable L of the review
        let limit = try #require(figure(r, "meanDivergenceLimit[1]")?.enclosure)
        #expect(limit.lower <= 2 && 2 <= limit.upper)
        #expect(r.sanityControls.first?.asRequired == true)
    }

    @Test("the lower bound machinery: exact fixed point, and a zero bound (never a wrong one) when exact arithmetic overflows")
    func lowerBound() throws {
        let m = try LinearModelTwins.counterexample(n: 10)
        let (lower, limit) = try m.meanDivergenceLowerBound(horizon: 1777)
        let lim = try #require(limit)
        #expect(lower > 1.9999 && lower <= 2 && lim.contains(2))
        #expect(try m.meanDivergenceLowerBound(horizon: 1).lower < 0.1) // one step: far from the limit
        #expect(thrownKind { try LinearModelTwins(features: [[1.0]], labels: [1], labelsPrime: [1], alpha: 0.5, initial: [0]) } == "invalidArgument")
        #expect(thrownKind { try LinearModelTwins.counterexample(n: 2) } == "invalidArgument")
        #expect(thrownKind { try m.meanDivergenceLowerBound(horizon: 0) } == "invalidArgument")
    }
}
