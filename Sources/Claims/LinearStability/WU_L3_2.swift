import Constructions
import Numerics

/// WU-L3.2 (Lemma 3.2): for the quadratic L(θ) = ½θᵀHθ and any noisy GD θ⁺ = θ − η(Hθ + ξ) with E[ξ | θ] = 0 and
/// E[ξξᵀ | θ] = S(θ): E L(θ⁺) = r(θ)L(θ) + η²v(θ), v = ½Tr(HS), r = 1 − 2ηq₂/q₁ + η²q₃/q₁ (q_k = θᵀH^kθ), r ≥ 0, and
/// r ≤ 1 when η ≤ 2/λ₁(H). Exact, for discrete noises whose covariance is exactly S, and for the true SGD noise.
enum WU_L3_2 {
    enum NoiseMean: String, Codable, Sendable { case zero = "E ξ = 0", shifted = "E ξ = c ≠ 0" }
    enum StepRule: String, Codable, Sendable { case withinGD = "η ≤ 2/λ₁(H)", beyondGD = "η = 2.1/λ₁(H)" }

    struct Setup: ClaimSetup {
        var noiseMean = NoiseMean.zero
        var steps = StepRule.withinGD
        var instances = 24
    }

    static let claim = Claim(
        "WU-L3.2", paper: Papers.linearStability, location: "§3.1, Lemma 3.2 (Eqs. 7–9) and Lemma E.2",
        title: "One-step expected loss of noisy GD: E L(θ⁺) = r(θ)L(θ) + η²·Tr(HS)/2 with 0 ≤ r ≤ 1 for η ≤ 2/λ₁ — exact",
        expected: .holds, tiers: [.exact], keyFigure: "maxIdentityResidual",
        errata: [
            "Eq. (9) drops the expectation: E L(θ_{t+1}) ≥ η²·E v(θ_t), not η²·v(θ_t).",
            "The noise conditions are conditional on θ_t (E[ξ | θ] = 0, E[ξξᵀ | θ] = S(θ)); where Hθ = 0, r·L is read as 0.",
        ],
        statement: Statement(
            """
            For L(θ) = ½θᵀHθ with H ⪰ 0 and θ⁺ = θ − η(Hθ + ξ), E[ξ] = 0, E[ξξᵀ] = S: E L(θ⁺) = r(θ)L(θ) + ½η²Tr(HS) with \
            r(θ) = 1 − 2η·θᵀH²θ/θᵀHθ + η²·θᵀH³θ/θᵀHθ ≥ 0; if η ≤ 2/λ₁(H) then also r(θ) ≤ 1.
            """,
            hypotheses: [Hypothesis("the noise has conditional mean zero", field: "noiseMean"),
                         Hypothesis("η ≤ 2/λ₁(H) (for r ≤ 1)", field: "steps")],
            construction: """
                24 instances in exact rationals (seed 32): H = CCᵀ with C integer (p ≤ 4, rank-deficient in a quarter of \
                them) or diagonal (then θ = the top eigenvector e₁), θ integer with Hθ ≠ 0; noise ξ = ±s_k with probability \
                1/(2K) each for K rational vectors s_k (covariance exactly S = (1/K)Σs_ks_kᵀ) and, for feature instances, the \
                true SGD noise ξ = H_I θ − Hθ over all nᴮ batches; η = j/(2·Tr H) for j = 1…4 (≤ 2/λ₁ since λ₁ ≤ Tr H), \
                and 2/λ₁ exactly on the diagonal instances. E L(θ⁺) is the finite average over the atoms.
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("noiseMean", name: "noise with mean c", """
                    Shift every atom by c = (1/2)e₁: E L(θ⁺) gains (η²/2)cᵀHc − ηcᵀH(I − ηH)θ and the identity fails.
                    """) { $0.noiseMean = .shifted },
                .dropping("steps", name: "η = 2.1/λ₁", "Step beyond GD's threshold on the diagonal instances: r(e₁) = (1 − 2.1)² = 1.21 > 1.") { $0.steps = .beyondGD },
            ]))

    static func quadratic(_ h: [[Rational]], _ x: [Rational]) throws -> Rational { try Exact.dot(x, try Exact.apply(h, x)) }

    /// r(θ) = 1 − 2η q₂/q₁ + η² q₃/q₁.
    static func r(_ h: [[Rational]], _ theta: [Rational], _ eta: Rational) throws -> Rational {
        let h1 = try Exact.apply(h, theta), h2 = try Exact.apply(h, h1)
        let q1 = try Exact.dot(theta, h1), q2 = try Exact.dot(h1, h1), q3 = try Exact.dot(h1, h2)
        return try Rational.one - Rational(2) * eta * q2 / q1 + eta * eta * q3 / q1
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 32)
        var residual = Rational.zero, minR: Rational?, maxR: Rational?, cases = 0, beyond = 0, sgdCases = 0
        for k in 0..<s.instances {
            let p = 1 + (try rng.int(below: 4))
            let diagonal = k % 3 == 0
            var h: [[Rational]]
            if diagonal {
                // Distinct positive diagonal, largest first (θ = e₁ is the top eigenvector).
                h = Exact.zeros(p, p)
                for j in 0..<p { h[j][j] = try Rational(2 * (p - j) + (try rng.int(below: 2)), 2) }
            } else {
                let rank = k % 4 == 1 ? max(1, p - 1) : p
                let c = try (0..<p).map { _ in try (0..<rank).map { _ in Rational(try rng.int(below: 5) - 2) } }
                h = try Exact.multiply(c, (0..<rank).map { j in c.map { $0[j] } })
            }
            var theta = diagonal ? (0..<p).map { $0 == 0 ? Rational.one : .zero } : try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) }
            if try quadratic(h, theta) == .zero { theta = (0..<p).map { _ in Rational.one } }
            guard try quadratic(h, theta) > .zero else { continue }
            let trace = try Exact.trace(h)
            var etas = try (1...4).map { try Rational($0) / (Rational(2) * trace) }
            if diagonal { etas.append(try Rational(2) / h[0][0]) }
            if s.steps == .beyondGD {
                guard diagonal else { continue }
                etas = [try Rational(21, 10) / h[0][0]]
                beyond += 1
            }
            // Discrete noise atoms ±s_k (K = 2 random integer vectors), optionally shifted by c.
            let sk = try (0..<2).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 3) - 1) } }
            let shift = (0..<p).map { $0 == 0 && s.noiseMean == .shifted ? try! Rational(1, 2) : Rational.zero } // literal
            var atoms: [[Rational]] = []
            for v in sk { atoms.append(try Exact.add(v, shift)); atoms.append(try Exact.add(v.map { -$0 }, shift)) }
            var sCov = Exact.zeros(p, p)
            for v in sk { sCov = try Exact.add(sCov, try Exact.scale(try Exact.outer(v, v), by: try Rational(1, sk.count))) }
            for eta in etas {
                try compare(h, theta, eta, atoms: atoms, covariance: sCov, &residual)
                let rv = try r(h, theta, eta)
                minR = minR.map { min($0, rv) } ?? rv
                maxR = maxR.map { max($0, rv) } ?? rv
                cases += 1
            }
            // The true SGD noise on features (rows of C) with B = 2 over all n² batches: S = Σ(θ)/B.
            if !diagonal && s.noiseMean == .zero && s.steps == .withinGD {
                let features = try (0..<3).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } }
                let sgd = try LinearizedSGD(features: features, batch: 2)
                let hh = try sgd.hessian()
                guard try quadratic(hh, theta) > .zero else { continue }
                var batches: [[Rational]] = []
                let hTheta = try Exact.apply(hh, theta)
                for i in 0..<3 { for j in 0..<3 {
                    let gi = features[i], gj = features[j]
                    let hiTheta = try Exact.scale(try Exact.add(try Exact.scale(gi, by: try Exact.dot(gi, theta)), try Exact.scale(gj, by: try Exact.dot(gj, theta))), by: try Rational(1, 2))
                    batches.append(try Exact.subtract(hiTheta, hTheta))
                } }
                var cov = Exact.zeros(p, p)
                for x in batches { cov = try Exact.add(cov, try Exact.scale(try Exact.outer(x, x), by: try Rational(1, batches.count))) }
                try compare(hh, theta, try Rational(1) / (Rational(2) * (try Exact.trace(hh))), atoms: batches, covariance: cov, &residual)
                sgdCases += 1
            }
        }
        e.add(.count("stepsBeyondGD", "instances run with η > 2/λ₁", beyond, role: .hypothesis, requirement: .equals("0"), note: "r ≤ 1 needs η ≤ 2/λ₁"))
        e.add(.exact("maxIdentityResidual", "max |E L(θ⁺) − (r·L + ½η²Tr(HS))| over \(cases) (instance, η) cases and \(sgdCases) SGD-noise cases",
                     residual, requirement: .equals("0"), note: "0: the identity is exact"))
        e.add(.exact("minR", "min r(θ)", minR ?? .zero, requirement: .atLeast(0), note: "≥ 0 (r = ‖(I − ηH)u‖², u = H^{1/2}θ/‖H^{1/2}θ‖)"))
        e.add(.exact("maxR", "max r(θ)", maxR ?? .zero, requirement: .atMost(1), note: "≤ 1 for η ≤ 2/λ₁; = 1 at η = 2/λ₁ on the diagonal instances"))
        e.summary = "The one-step identity holds exactly for discrete and SGD noise; 0 ≤ r ≤ 1 for η ≤ 2/λ₁, with r = 1 attained at η = 2/λ₁."
        return e
    }

    /// Accumulates |E L(θ − η(Hθ + ξ)) − (r·L + ½η²Tr(HS))| for uniform atoms ξ.
    static func compare(_ h: [[Rational]], _ theta: [Rational], _ eta: Rational, atoms: [[Rational]], covariance: [[Rational]],
                        _ worst: inout Rational) throws {
        let hTheta = try Exact.apply(h, theta)
        var mean = Rational.zero
        for xi in atoms {
            let next = try Exact.subtract(theta, try Exact.scale(try Exact.add(hTheta, xi), by: eta))
            mean = try mean + quadratic(h, next) / Rational(2)
        }
        mean = try mean / Rational(atoms.count)
        let loss = try quadratic(h, theta) / Rational(2)
        let v = try Exact.trace(try Exact.multiply(h, covariance)) / Rational(2)
        let predicted = try r(h, theta, eta) * loss + eta * eta * v
        worst = max(worst, try (mean - predicted).magnitude)
    }
}
