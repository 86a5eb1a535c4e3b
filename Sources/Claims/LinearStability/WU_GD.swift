import Constructions
import Numerics

/// WU-GD: for full-batch GD, linear stability ⟺ λ₁(H) ≤ 2/η, which only bounds ‖H‖_F by √rk·λ₁ ≤ 2√rk/η — a bound
/// that grows with the rank, attained by H = λI. Decided exactly.
enum WU_GD {
    enum Operator: String, Codable, Sendable { case fullBatch = "full batch (Q = HMH)", singleSample = "single-sample SGD (B = 1)" }

    struct Setup: ClaimSetup {
        var dynamics = Operator.fullBatch
        var instances = 20
    }

    static let claim = Claim(
        "WU-GD", paper: Papers.linearStability, location: "§3.1 and Appendix E, the comparison with GD",
        title: "GD is linearly stable iff λ₁(H) ≤ 2/η — a size-dependent flatness bound ‖H‖_F ≤ 2√rk/η, attained by H = λI",
        expected: .holds, tiers: [.exact], keyFigure: "criterionMismatches",
        statement: Statement(
            """
            For GD (the full-batch limit) the linearized second-moment operator is M ↦ (I − ηH)M(I − ηH), with spectral \
            radius max_j (1 − ηλ_j)²; it is stable iff ηλ₁(H) ≤ 2. This only yields ‖H‖_F ≤ √rk·λ₁ ≤ 2√rk/η, which \
            depends on the rank, and H = λI_p at η = 2/λ attains ‖H‖_F = 2√p/η.
            """,
            hypotheses: [Hypothesis("the dynamics are full-batch GD", field: "dynamics")],
            construction: """
                20 random integer feature sets (n ∈ 2…6, p ∈ 1…3, H positive definite; seed 66) on the step grid \
                η = k/(5·Tr H), k = 1…25: the exact Loewner test of the GD operator against the exact test 2I/η − H ⪰ 0; and \
                H = λI_p (n = p features 2·e_j, so λ = 4/p) at η = 2/λ for p = 1…4: stable, with ‖H‖_F²η² = 4p exactly.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("dynamics", name: "SGD with B = 1 instead of GD", """
                Test the single-sample SGD operator against the GD criterion: its noise destabilises steps that GD tolerates.
                """) { $0.dynamics = .singleSample }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 66)
        var mismatches = 0, pairs = 0, made = 0, sizeBoundViolations = 0
        while made < s.instances {
            let n = 2 + (try rng.int(below: 5)), p = 1 + (try rng.int(below: 3))
            let features = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } }
            let sgd = try LinearizedSGD(features: features, batch: s.dynamics == .fullBatch ? n : 1)
            let h = try sgd.hessian()
            guard try Exact.definiteness(h).definite else { continue }
            made += 1
            let noise: LinearizedSGD.Noise = s.dynamics == .fullBatch ? .fullBatch : .withReplacement
            let forms = try sgd.formMatrices(noise: noise)
            let trace = try Exact.trace(h)
            let identity = (0..<p).map { i in (0..<p).map { $0 == i ? Rational.one : .zero } }
            let frobenius2 = try Rational.sum(try h.joined().map { try $0 * $0 })
            for k in 1...25 {
                let eta = try Rational(k) / (Rational(5) * trace)
                pairs += 1
                let stable = try sgd.isLinearlyStable(eta: eta, noise: noise, forms: forms)
                let gdCriterion = try Exact.definiteness(try Exact.subtract(try Exact.scale(identity, by: try Rational(2) / eta), h)).semidefinite
                if stable != gdCriterion { mismatches += 1 }
                // ‖H‖_F² ≤ rk·λ₁² ≤ 4·rk/η² at every stable step.
                if stable, try frobenius2 * eta * eta > Rational(4 * p) { sizeBoundViolations += 1 }
            }
        }
        e.add(.count("criterionMismatches", "(instance, η) pairs where the operator's stability ≠ [ηλ₁ ≤ 2], of \(pairs)", mismatches,
                     requirement: .equals("0"), note: "0: GD is stable exactly when ηλ₁(H) ≤ 2"))
        e.add(.count("sizeBoundViolations", "stable pairs with ‖H‖_F²η² > 4·rk", sizeBoundViolations, requirement: .equals("0"),
                     note: "the only flatness GD stability implies grows like √rk"))
        // H = λI_p at η = 2/λ: stable, and ‖H‖_F²η² = 4p (the size-dependent bound is attained).
        var attained = 0
        for p in 1...4 {
            // n = p features 2·e_j: H = (4/p)·I_p, rational.
            let features = (0..<p).map { j in (0..<p).map { $0 == j ? Rational(2) : .zero } }
            let sgd = try LinearizedSGD(features: features, batch: p)
            let h = try sgd.hessian() // = (4/p)·I
            let l = h[0][0]
            let eta = try Rational(2) / l
            let stable = try sgd.isLinearlyStable(eta: eta, noise: .fullBatch)
            let f2 = try Rational.sum(try h.joined().map { try $0 * $0 })
            if stable, try f2 * eta * eta == Rational(4 * p) { attained += 1 }
        }
        e.add(.count("attainedSizes", "p ∈ {1, …, 4} where H = λI_p is stable at η = 2/λ with ‖H‖_F²η² = 4p", attained, requirement: .equals("4"),
                     note: "the size-dependent bound is attained for every p"))
        e.summary = "GD stability is exactly ηλ₁ ≤ 2 on every pair; it only bounds ‖H‖_F by 2√rk/η, and H = λI attains that for every p."
        return e
    }
}
