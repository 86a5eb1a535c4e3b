import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-T1 the convex stability bound is tight on a null-space quadratic")
struct HC_T1Tests {
    @Test("exact tier: E‖Δ_T‖ equals (c·L/n)Σα_t on the whole grid in both variants, with L = 3 and 2 computed on the domain")
    func boundAttained() async throws {
        let r = try await claimResult("HC-T1")
        #expect(r.verdict == .holds && r.tier == .exact && r.passed)
        for v in [1, 2] {
            #expect(figure(r, "minRatioToBound[variant=\(v)]")?.exact == "1")
            #expect(figure(r, "maxRatioToBound[variant=\(v)]")?.exact == "1") // equality: the bound is attained
            #expect(figure(r, "growthLawDeviation[variant=\(v)]")?.exact == "0")
            #expect(figure(r, "minEigenvalueA[variant=\(v)]")?.exact == "0")
        }
        #expect(figure(r, "lipschitz[variant=1]")?.exact == "3")
        #expect(figure(r, "lipschitz[variant=2]")?.exact == "2")
        #expect(figure(r, "expectedDivergence[n=10,a=1/2,T=400]")?.exact == "20") // the catalog's SIM-1
        #expect(figure(r, "enumerationMinusRecursion")?.exact == "0")
    }

    @Test("simulation: the 3-D SGD follows the ray, stays below L, and its Monte Carlo mean matches the exact value")
    func simulation() async throws {
        let r = try await claimResult("HC-T1")
        let path = try #require(figure(r, "pathMaxGradientNorm")).value
        #expect(path > 1.5 && path <= 3) // the catalog saw 1.985; L = 3 bounds it
        #expect(figure(r, "offRayComponent")?.value == 0)
        #expect(figure(r, "rayModelError")?.value == 0) // dyadic steps: bitwise α·#picks
        #expect(try #require(figure(r, "monteCarloZ")).value <= 3.84)
        #expect(abs(try #require(figure(r, "monteCarloMean[T=400]")).value - 20) < 0.5)
        #expect(r.statement.plots.map(\.key) == ["divergence-vs-steps"])
    }

    @Test("controls: strong convexity along v and a differing direction in range(A) saturate; the appendix constant overshoots")
    func controls() async throws {
        let r = try await claimResult("HC-T1")
        let sc = try #require(r.controls.first { $0.name == "strong convexity along v" })
        #expect(sc.flagged && sc.failing.contains("growthLawDeviation[variant=1]") && sc.failing.contains("minRatioToBound[variant=1]"))
        // Saturation: the ratio enclosure is far below 1 (E‖Δ‖ → 1/(nκ) while the bound grows).
        let sat = try #require(controlFigure(r, sc.name, "minRatioToBound[variant=1]"))
        #expect(sat.tier == .certified && sat.value < 0.01)
        let range = try #require(r.controls.first { $0.name == "differing samples inside range(A)" })
        #expect(range.flagged && range.changes.map(\.name) == ["differingDirection"])
        let constant = try #require(r.controls.first { $0.name == "appendix constant with the main text's A" })
        #expect(constant.failing == ["minRatioToBound[variant=1]"])
        #expect(controlFigure(r, constant.name, "minRatioToBound[variant=1]")?.exact == "2/3")
    }

    @Test("the construction directly: L = β/γ_U + 1, kick 1, twins differ only at index n, the enumeration equals the binomial mean")
    func construction() throws {
        let c = try NullSpaceQuadratic(beta: .one, second: try Rational(1, 2), curvatureAlongV: .zero, direction: .nullSpace, n: 10)
        #expect(c.lipschitzConstant() == 3)
        let twins = try c.twins()
        #expect(twins.differingIndex == 9 && twins.s[9].x == [0, 0, 1] && twins.sPrime[9].x == [0, 0, -1])
        let ray = try c.ray(schedule: .constant(try Rational(1, 2)), plan: UpdatePlan(first: 0, count: 12))
        #expect(try ray.enumeratedExpectation() == (try Rational(12, 20))) // α·T/n = (1/2)·12/10
    }

    @Test("bad input: non-positive β, eigenvalue outside [0, β], negative curvature, n < 2, twins that do not differ in one point")
    func badInput() {
        #expect(thrownKind { try NullSpaceQuadratic(beta: .zero, second: .zero, curvatureAlongV: .zero, direction: .nullSpace, n: 10) } == "invalidArgument")
        #expect(thrownKind { try NullSpaceQuadratic(beta: .one, second: Rational(2), curvatureAlongV: .zero, direction: .nullSpace, n: 10) } == "invalidArgument")
        #expect(thrownKind { try NullSpaceQuadratic(beta: .one, second: .zero, curvatureAlongV: Rational(-1), direction: .nullSpace, n: 10) } == "invalidArgument")
        #expect(thrownKind { try NullSpaceQuadratic(beta: .one, second: .zero, curvatureAlongV: .zero, direction: .nullSpace, n: 1) } == "invalidArgument")
        let p = LabeledPoint([1], 1), q = LabeledPoint([-1], 1)
        #expect(thrownKind { try TwinDatasets(s: [p, p], sPrime: [p, p]) } == "invalidArgument") // identical: not twins
        #expect(thrownKind { try TwinDatasets(s: [p, p], sPrime: [q, q]) } == "invalidArgument") // two differences
        #expect(thrownKind { try TwinDatasets(s: [p], sPrime: [p, q]) } == "dimensionMismatch")
        #expect(thrownKind { try TwinDatasets(s: [LabeledPoint([.nan], 1)], sPrime: [q]) } == "nonFinite")
        #expect(thrownKind { try StepSchedule.inverseTime(.one).alpha(at: 0) } == "invalidArgument")
        #expect(thrownKind { try StepSchedule.constant(.zero).alpha(at: 1) } == "invalidArgument")
        #expect(thrownKind { try RayDivergence(curvature: .zero, kick: .one, n: 0, schedule: .constant(.one), plan: UpdatePlan(first: 0, count: 3)) } == "invalidArgument")
    }
}
