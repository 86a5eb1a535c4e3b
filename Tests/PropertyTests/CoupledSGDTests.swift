import Constructions
import Numerics
import TestSupport
import Testing

@Suite("Coupled twin SGD and the divergence recursion")
struct CoupledSGDTests {
    /// The non-convex quadratic A = diag(−1, 1) with differing point ±e1 (label 1/2), n = 5.
    func nonConvex(scheme: SamplingScheme) throws -> CoupledTwinSGD {
        let loss = try QuadraticLoss.diagonal([Rational(-1), .one])
        let shared = (0..<4).map { _ in LabeledPoint([0, 1], 0.5) }
        let twins = try TwinDatasets(s: shared + [LabeledPoint([1, 0], 0.5)], sPrime: shared + [LabeledPoint([-1, 0], 0.5)])
        return try CoupledTwinSGD(loss: loss, twins: twins, schedule: .constant(try Rational(1, 8)), plan: UpdatePlan(first: 0, count: 40),
                                  scheme: scheme, initial: [0, 0])
    }

    @Test("Same seed, bitwise identical runs; the ray recursion fed the same picks matches Δ·v to rounding", arguments: SamplingScheme.allCases)
    func deterministic(scheme: SamplingScheme) throws {
        let sgd = try nonConvex(scheme: scheme)
        for seed in 0..<20 as Range<UInt64> {
            let a = try sgd.run(seed: seed, Double.self, ray: (Rational(-1), .one))
            let b = try sgd.run(seed: seed, Double.self, ray: (Rational(-1), .one))
            #expect(a.w == b.w && a.wPrime == b.wPrime && a.picks == b.picks, "seed \(seed)")
            // Expansion (1 + α)^T amplifies rounding at the rate θ grows: relative error ≤ (4T + 2)ε.
            let theta = try #require(a.rayTheta)
            #expect(abs(a.delta[0] - theta) <= Double(4 * 40 + 2) * Double.ulpOfOne * max(1, theta), "seed \(seed)")
            #expect(a.delta[1] == 0) // off the ray both runs do identical arithmetic
        }
    }

    @Test("Permutation schemes draw every index exactly once per epoch")
    func permutationEpochs() throws {
        for scheme in [SamplingScheme.reshuffledPermutation, .singlePermutation] {
            var stream = try IndexStream(n: 7, scheme: scheme, seed: 3)
            for _ in 0..<5 { #expect(Set(try (0..<7).map { _ in try stream.next() }) == Set(0..<7)) }
        }
        let sgd = try nonConvex(scheme: .reshuffledPermutation)
        #expect(try sgd.run(seed: 9, Double.self).picks == 8) // 40 steps = 8 epochs of 5
    }

    @Test("E‖Δ_T‖ recursion: exact while it fits, the exact value = the enumeration of pick patterns when θ keeps its sign")
    func recursionAgainstEnumeration() throws {
        for (kappa, alpha) in [(Rational(-1), try Rational(1, 4)), (Rational.zero, try Rational(1, 2)), (try Rational(1, 2), try Rational(1, 2))] {
            let ray = try RayDivergence(curvature: kappa, kick: .one, n: 3, schedule: .constant(alpha), plan: UpdatePlan(first: 0, count: 10))
            #expect(try ray.exactExpectations()[9] == ray.enumeratedExpectation(), "κ = \(kappa), α = \(alpha)")
        }
        // A sign-changing multiplier: the linear recursion is refused, the enumeration is not.
        let flip = try RayDivergence(curvature: Rational(3), kick: .one, n: 3, schedule: .constant(.one), plan: UpdatePlan(first: 0, count: 8))
        #expect(thrownKind { try flip.exactExpectations() } == "invalidArgument")
        #expect(try Rational.zero < flip.enumeratedExpectation())
    }

    @Test("Bad input: mismatched dimensions, checkpoints outside the run, non-finite initial point")
    func badInput() throws {
        let sgd = try nonConvex(scheme: .withReplacement)
        #expect(thrownKind { try sgd.run(seed: 1, Double.self, checkpoints: [0]) } == "invalidArgument")
        #expect(thrownKind { try sgd.run(seed: 1, Double.self, checkpoints: [41]) } == "invalidArgument")
        #expect(thrownKind { try CoupledTwinSGD(loss: sgd.loss, twins: sgd.twins, schedule: sgd.schedule, plan: sgd.plan, scheme: .withReplacement,
                                                initial: [0, 0, 0]) } == "dimensionMismatch")
        #expect(thrownKind { try CoupledTwinSGD(loss: sgd.loss, twins: sgd.twins, schedule: sgd.schedule, plan: sgd.plan, scheme: .withReplacement,
                                                initial: [.nan, 0]) } == "nonFinite")
        #expect(thrownKind { try QuadraticLoss([[Rational.one, .zero], [.one, .one]]) } == "notSymmetric")
        #expect(thrownKind { try IndexStream(n: 0, scheme: .withReplacement, seed: 1) } == "invalidArgument")
    }
}
