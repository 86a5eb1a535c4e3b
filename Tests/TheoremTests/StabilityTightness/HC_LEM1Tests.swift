import Claims
import Constructions
import Numerics
import Testing

@Suite("HC-LEM1 divergence recursion along an eigenvector (Eq. 5)")
struct HC_LEM1Tests {
    @Test("Eq. 5 equals the enumerated expectation at every step when αλ ≤ 1; the catalog's SIM-2b value")
    func exact() async throws {
        let r = try await claimResult("HC-LEM1")
        #expect(r.verdict == .holds && r.passed)
        #expect(figure(r, "maxEq5Error")?.exact == "0")
        #expect(figure(r, "maxAlphaLambda")?.exact == "1")
        #expect(figure(r, "expectedDivergence[case=1,T=12]")?.value == 0.7998046875)
    }

    @Test("the review's counterexample to the printed condition: E‖Δ_2‖ = 1.56 while Eq. 5 predicts −0.60")
    func printedCondition() async throws {
        let ray = try RayDivergence(curvature: Rational(2), kick: Rational(2), n: 5, schedule: .constant(try Rational(3, 2)), plan: UpdatePlan(first: 0, count: 2))
        #expect(try ray.enumeratedExpectation() == (try Rational(39, 25))) // 1.56
        let r = try await claimResult("HC-LEM1")
        #expect(r.controls.first?.failing == ["maxEq5Error"])
    }
}
