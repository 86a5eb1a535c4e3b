import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-T6 \"HC localises SGD\" is vacuous: σ > 12L/γ cannot hold with a non-zero gradient")
struct HC_T6Tests {
    @Test("vacuity figures: the premise holds on no radius, γσ/L(σ) ≤ 0.033; the substitute HC-T6-LOC holds")
    func vacuous() async throws {
        let r = try await claimResult("HC-T6")
        #expect(r.verdict == .vacuous && r.passed)
        #expect(figure(r, "premiseSatisfiedRadii")?.exact == "0")
        #expect(figure(r, "premiseUndecidedRadii")?.exact == "0")
        let worst = try #require(figure(r, "maxGammaSigmaOverL")?.enclosure)
        #expect(worst.upper < 0.033 && worst.lower > 0.032)
        #expect(figure(r, "gammaHC")?.exact == "989/1320")
        #expect(figure(r, "smoothness")?.exact == "367/16")
        #expect(r.repair?.claimID == "HC-T6-LOC" && r.repair?.verdict == .holds)
    }

    @Test("controls: L read at w* only, and the constant 12 weakened to 1/100, make the premise satisfiable")
    func controls() async throws {
        let r = try await claimResult("HC-T6")
        let centre = try #require(r.controls.first { $0.name == "L read at w* only" })
        #expect(Set(centre.failing) == ["maxGammaSigmaOverL", "premiseSatisfiedRadii"])
        #expect(controlFigure(r, centre.name, "premiseSatisfiedRadii")?.exact == "1") // σ = 100: γσ/L(0) ≈ 28 > 12
        let weak = try #require(r.controls.first { $0.name == "radius condition σ > L/(100γ)" })
        #expect(weak.failing == ["premiseSatisfiedRadii"])
        #expect(controlFigure(r, weak.name, "premiseSatisfiedRadii")?.exact == "4") // σ = 0.1, 1, 10, 100
        // The substitute's controls count as this claim's too.
        #expect(r.controls.contains { $0.appliesTo.contains("HC-T6-LOC") && $0.flagged })
    }
}
