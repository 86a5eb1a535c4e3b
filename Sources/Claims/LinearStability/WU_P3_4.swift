import Constructions
import Numerics

/// WU-P3.4 (Proposition 3.4): with μ₁-alignment μ₁(θ) ≥ μ₁₀ > 0 instead of μ-alignment, a linearly stable minimum has
/// ‖H‖_F ≤ min(B/√((B − 1)μ₁₀), 2B/μ₁₀)/η (first term +∞ for B = 1). Decided exactly, like WU-T3.3, with equality at
/// n = 1 (B = 1, 2) and on E1 with B = 1.
enum WU_P3_4 {
    enum FirstTerm: String, Codable, Sendable { case printed = "B/√((B − 1)μ₁₀)", batchInsteadOfBMinusOne = "B/√(B·μ₁₀) = √(B/μ₁₀)" }

    struct Setup: ClaimSetup {
        var firstTerm = FirstTerm.printed
        var randomInstances = 30
    }

    static let claim = Claim(
        "WU-P3.4", paper: Papers.linearStability, location: "§3.1, Proposition 3.4 (Eq. 25) and Appendix E",
        title: "μ₁-alignment suffices: ‖H‖_F ≤ min(B/√((B − 1)μ₁₀), 2B/μ₁₀)/η — exact, tight at n = 1",
        expected: .holds, tiers: [.exact], keyFigure: "violations",
        errata: [
            "The proof's last display squares the left side: it reads ‖H‖_F² ≤ B/(η√((B − 1)μ₁)); the bound that follows from the argument is ‖H‖_F ≤ B/(η√((B − 1)μ₁)).",
            "The second term 2B/μ₁₀ holds for every B (drop the non-negative η²(1 − 1/B)q₃/q₁ term), not only for B = 1.",
        ],
        statement: Statement(
            """
            Under the setting of Theorem 3.3, if μ₁(θ) ≥ μ₁₀ > 0 wherever L(θ) > 0, then a linearly stable minimum has \
            ‖H(θ*)‖_F ≤ min(B/√((B − 1)μ₁₀), 2B/μ₁₀)/η, the first term read as +∞ when B = 1.
            """,
            hypotheses: [Hypothesis("the first term has B − 1 under the root", field: "firstTerm"),
                         Hypothesis("μ₁₀ = μ₁,min > 0 and H positive definite (checked per instance)")],
            construction: """
                WU-T3.3's exact machinery: 30 random integer feature sets (n ∈ 2…6, p ∈ 1…2 — larger p overflows 128-bit rationals in the irrational-bound test — B ∈ {1, 2, 3, 5, 8}, seed 34) \
                plus n = 1 (one feature 1, B = 1, 2) and E1 with B = 1; steps η = k/(5·Tr H), k = 1…25, plus the tight \
                steps. With A₁ = (1/n)Σ(g_iᵀHg_i)g_ig_iᵀ, μ₁,min‖H‖_F² = λ_min(H^{-1/2}A₁H^{-1/2}); at every stable step the first \
                term's conclusion is "(B − 1)A₁ − (B²/η²)H is not positive definite" and the second's "A₁ − c·H is not \
                positive definite" for a rational c ≤ 2B‖H‖_F/η (exact when ‖H‖_F is rational, as in the tight cases).
                """,
            setup: Setup(), check: check,
            controls: [.dropping("firstTerm", name: "B instead of B − 1", """
                Read the first term as √(B/μ₁₀)/η: at n = 1, B = 2 the minimum is stable up to 2/‖H‖_F, beyond √2/‖H‖_F.
                """) { $0.firstTerm = .batchInsteadOfBMinusOne }]))

    static func instances(_ s: Setup) throws -> [(name: String, sgd: LinearizedSGD, extra: [Rational])] {
        var out: [(name: String, sgd: LinearizedSGD, extra: [Rational])] = []
        // n = 1: H = 1, μ₁ ≡ 1, GD-like; stable exactly up to η = 2 for B = 1, 2.
        for b in [1, 2] { out.append(("n = 1, B = \(b)", try LinearizedSGD(features: [[.one]], batch: b), [Rational(2), try Rational(2001, 1000)])) }
        // E1 with B = 1: H = 1/2, μ₁ ≡ 2, stable up to η = 2 = 2B/(μ₁‖H‖_F).
        out.append(("E1, B = 1", try LinearizedSGD(features: [[.one], [.zero]], batch: 1), [Rational(2), try Rational(2001, 1000)]))
        var rng = SeededGenerator(seed: 34)
        let batches = [1, 2, 3, 5, 8]
        while out.count < s.randomInstances + 3 {
            let n = 2 + (try rng.int(below: 5)), p = 1 + (try rng.int(below: 2))
            let features = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } }
            let sgd = try LinearizedSGD(features: features, batch: batches[try rng.int(below: batches.count)])
            guard try Exact.definiteness(try sgd.hessian()).definite else { continue }
            out.append(("random n = \(n), p = \(p), B = \(sgd.batch)", sgd, []))
        }
        return out
    }

    /// A rational c ≤ √x (exact when x is a perfect square).
    static func squareRootLowerBound(_ x: Rational) throws -> Rational {
        if let r = x.exactSquareRoot { return r }
        var c = try Rational(Int((x.doubleValue.squareRoot() * 256).rounded(.down)), 256)
        while try c * c > x { c = try c - Rational(1, 256) }
        return c
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var pairs = 0, stablePairs = 0, violations = 0, undecided = 0, tight = 0
        var names: [String] = []
        let all = try instances(s)
        for inst in all {
            let sgd = inst.sgd, b = sgd.batch
            let h = try sgd.hessian(), a1 = try sgd.alignmentMatrix() // A = A₁ − H³; recover A₁
            let h3 = try Exact.multiply(try Exact.multiply(h, h), h)
            let aOne = try Exact.add(a1, h3)
            guard try Exact.definiteness(aOne).definite else { continue }
            let forms = try sgd.formMatrices(noise: .withReplacement)
            let frob2 = try Rational.sum(try h.joined().map { try $0 * $0 })
            let frob = try squareRootLowerBound(frob2)
            let trace = try Exact.trace(h)
            let steps = try (1...25).map { try Rational($0) / (Rational(5) * trace) } + inst.extra
            var stableAtTight = false, unstableAbove = false
            for (k, eta) in steps.enumerated() {
                pairs += 1
                let stable = try sgd.isLinearlyStable(eta: eta, noise: .withReplacement, forms: forms)
                if k == 25 { stableAtTight = stable }
                if k == 26 { unstableAbove = !stable }
                guard stable else { continue }
                stablePairs += 1
                var violated = false
                // First term (B ≥ 2): (B − 1)·η²λ_min(H^{-1/2}A₁H^{-1/2}) ≤ B², i.e. (B − 1)A₁ − (B²/η²)H not PD.
                let factor = s.firstTerm == .printed ? b - 1 : b
                if factor >= 1 {
                    let test = try Exact.subtract(try Exact.scale(aOne, by: Rational(factor)), try Exact.scale(h, by: try Rational(b * b) / (eta * eta)))
                    if try Exact.definiteness(test).definite { violated = true }
                }
                // Second term: η·λ_min(H^{-1/2}A₁H^{-1/2}) ≤ 2B‖H‖_F; decided with c = 2B·frob/η ≤ 2B‖H‖_F/η.
                let c = try Rational(2 * b) * frob / eta
                if try Exact.definiteness(try Exact.subtract(aOne, try Exact.scale(h, by: c))).definite {
                    if try frob * frob == frob2 { violated = true } else { undecided += 1 }
                }
                if violated { violations += 1; if names.count < 3 { names.append("\(inst.name) at η = \(eta)") } }
            }
            if !inst.extra.isEmpty && stableAtTight && unstableAbove { tight += 1 }
        }
        e.add(.count("stablePairs", "(instance, η) pairs that are linearly stable, of \(pairs)", stablePairs, role: .hypothesis,
                     requirement: .greaterThan(0), note: "the bound is exercised"))
        e.add(.count("undecidedPairs", "stable pairs the rational lower bound on ‖H‖_F could not decide", undecided, role: .hypothesis,
                     requirement: .equals("0"), note: "0: every pair decided (‖H‖_F rounded down to a multiple of 2⁻⁸)"))
        e.add(.count("violations", "stable pairs violating min(B/√((B − 1)μ₁₀), 2B/μ₁₀)/η", violations, requirement: .equals("0"),
                     note: violations == 0 ? "none, decided exactly" : names.joined(separator: "; ")))
        e.add(.count("tightInstancesAttained", "tight instances (n = 1 with B = 1, 2; E1 with B = 1) stable exactly up to the bound", tight,
                     role: .reported, note: "3: the bound is attained"))
        e.summary = "At all \(stablePairs) stable pairs both terms of the bound hold, decided exactly; it is attained at n = 1 and on E1 with B = 1."
        return e
    }
}
