import Constructions
import Numerics

/// WU-LE.2 (Lemma E.2): inf_θ r(θ) ≥ 0 and, if η ≤ 2/λ₁(H), sup_θ r(θ) ≤ 1 — with the exact values
/// inf r = min_j (1 − ηλ_j)², sup r = max_j (1 − ηλ_j)² over the non-zero eigenvalues, checked on diagonal H.
enum WU_LE_2 {
    struct Setup: ClaimSetup {
        /// η·λ₁ (the lemma's second part needs ≤ 2).
        var etaTimesTop = Rational(2)
        var instances = 40
    }

    static let claim = Claim(
        "WU-LE.2", paper: Papers.linearStability, location: "Appendix E, Lemma E.2",
        title: "0 ≤ r(θ) ≤ 1 for η ≤ 2/λ₁, with inf r and sup r the extreme (1 − ηλ_j)² — exact",
        expected: .holds, tiers: [.exact], keyFigure: "maxR",
        statement: Statement(
            """
            With r(θ) = 1 − 2η·θᵀH²θ/θᵀHθ + η²·θᵀH³θ/θᵀHθ (H ⪰ 0, θᵀHθ > 0): inf_θ r ≥ 0, and sup_θ r ≤ 1 whenever \
            η ≤ 2/λ₁(H). Exactly, r(θ) = Σ_j w_j(1 − ηλ_j)² with weights w_j ∝ λ_jθ_j² in H's eigenbasis, so inf r and sup r \
            are the extreme values of (1 − ηλ_j)² over the non-zero eigenvalues.
            """,
            hypotheses: [Hypothesis("η ≤ 2/λ₁(H)", field: "etaTimesTop")],
            construction: """
                40 diagonal H with rational eigenvalues (some zero), η = 2/λ₁ (the boundary), and 30 random integer θ each: every \
                r(θ) must lie in [min_j (1 − ηλ_j)², max_j (1 − ηλ_j)²] ⊂ [0, 1], and both ends are attained at eigenvectors.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("etaTimesTop", name: "η = 2.1/λ₁", "At η = 2.1/λ₁ the top eigenvector has r = 1.21 > 1.") {
                $0.etaTimesTop = try! Rational(21, 10) // literal
            }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 62)
        var outside = 0, maxR = Rational.zero, minR: Rational?, endsMissed = 0
        for _ in 0..<s.instances {
            let p = 2 + (try rng.int(below: 3))
            var lambdas = try (0..<p).map { _ in try Rational(try rng.int(below: 9), 4) }
            if lambdas.allSatisfy({ $0 == .zero }) { lambdas[0] = .one }
            let top = lambdas.max()! // p ≥ 2
            let eta = try s.etaTimesTop / top
            let h = (0..<p).map { i in (0..<p).map { $0 == i ? lambdas[i] : Rational.zero } }
            let values = try lambdas.filter { $0 > .zero }.map { l -> Rational in let x = try Rational.one - eta * l; return try x * x }
            let lo = values.min()!, hi = values.max()! // at least one positive eigenvalue
            for _ in 0..<30 {
                let theta = try (0..<p).map { _ in Rational(try rng.int(below: 7) - 3) }
                guard try Exact.dot(theta, try Exact.apply(h, theta)) > .zero else { continue }
                let r = try WU_L3_2.r(h, theta, eta)
                if r < lo || r > hi { outside += 1 }
                maxR = max(maxR, r)
                minR = minR.map { min($0, r) } ?? r
            }
            // The ends are attained at eigenvectors.
            var attained = Set<Rational>()
            for (j, l) in lambdas.enumerated() where l > .zero {
                attained.insert(try WU_L3_2.r(h, (0..<p).map { $0 == j ? Rational.one : .zero }, eta))
            }
            maxR = max(maxR, attained.max() ?? .zero)
            if !attained.contains(lo) || !attained.contains(hi) { endsMissed += 1 }
        }
        e.add(.count("outsideEigenRange", "sampled r(θ) outside [min_j (1 − ηλ_j)², max_j (1 − ηλ_j)²]", outside, role: .crossCheck,
                     requirement: .equals("0"), note: "r is a weighted average of the (1 − ηλ_j)²"))
        e.add(.count("endsNotAttained", "instances whose inf or sup is not attained at an eigenvector", endsMissed, role: .crossCheck,
                     requirement: .equals("0"), note: "the extremes are exact"))
        e.add(.exact("minR", "min r over samples and eigenvectors", minR ?? .zero, requirement: .atLeast(0), note: "≥ 0"))
        e.add(.exact("maxR", "max r over samples and eigenvectors", maxR, requirement: .atMost(1), note: "≤ 1, = 1 at η = 2/λ₁"))
        e.summary = "Every r(θ) lies between the extreme (1 − ηλ_j)², which are attained; at η = 2/λ₁ the supremum is exactly 1."
        return e
    }
}
