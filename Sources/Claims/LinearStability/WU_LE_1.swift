import Constructions
import Numerics

/// WU-LE.1 (Lemma E.1): for a, b > 0 and H ⪰ 0, g(θ) = −a·θᵀH²θ/θᵀHθ + b·θᵀH³θ/θᵀHθ ≥ −a²/(4b), with equality when
/// some eigenvalue of H equals a/(2b) and θ is its eigenvector. The PSD hypothesis is essential: for indefinite H, g is
/// unbounded below.
enum WU_LE_1 {
    struct Setup: ClaimSetup {
        /// Instances with an indefinite H (the hypothesis dropped) appended.
        var indefinite = false
        var instances = 200
    }

    static let claim = Claim(
        "WU-LE.1", paper: Papers.linearStability, location: "Appendix E, Lemma E.1",
        title: "−a·q₂/q₁ + b·q₃/q₁ ≥ −a²/(4b) for H ⪰ 0 — exact, attained at an eigenvalue a/(2b)",
        expected: .holds, tiers: [.exact], keyFigure: "minSlack",
        errata: ["H must be positive semidefinite and θᵀHθ > 0 (the proof takes H^{1/2}); both are implicit in the statement."],
        statement: Statement(
            """
            For a, b > 0, H ⪰ 0 and θ with θᵀHθ > 0, g(a, b, θ) = −a·θᵀH²θ/θᵀHθ + b·θᵀH³θ/θᵀHθ ≥ −a²/(4b). (With u = H^{1/2}θ, \
            g = uᵀ(bH² − aH)u/uᵀu ≥ min over eigenvalues of bλ² − aλ ≥ −a²/(4b).)
            """,
            hypotheses: [Hypothesis("H is positive semidefinite", field: "indefinite")],
            construction: """
                200 random instances in exact rationals (seed 61): H = CCᵀ with integer C (p ≤ 4), θ integer with θᵀHθ > 0, \
                a, b ∈ {k/4, k = 1…12}; the slack g + a²/(4b) must be ≥ 0. Equality: H = diag(a/(2b), 3), θ = e₁, a = 13/10, \
                b = 7/10 gives g = −a²/(4b) exactly. Control: H = diag(1, −1), θ = (1, s) for s = 9/10, 99/100, 999/1000.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("indefinite", name: "indefinite H", """
                H = diag(1, −1) with θ = (1, s), s → 1: θᵀHθ = 1 − s² → 0⁺ while the numerators stay of order 1, so g runs \
                to −∞ (g = −2s²/(1 − s²): about −8.5, −98.5, −998.5 at a = b = 1) and the bound fails.
                """) { $0.indefinite = true }]))

    static func g(_ h: [[Rational]], _ theta: [Rational], a: Rational, b: Rational) throws -> Rational {
        let h1 = try Exact.apply(h, theta), h2 = try Exact.apply(h, h1)
        let q1 = try Exact.dot(theta, h1), q2 = try Exact.dot(h1, h1), q3 = try Exact.dot(h1, h2)
        return try (b * q3 - a * q2) / q1
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 61)
        var minSlack: Rational?, indefiniteCount = 0
        func record(_ h: [[Rational]], _ theta: [Rational], _ a: Rational, _ b: Rational) throws {
            let slack = try g(h, theta, a: a, b: b) + a * a / (Rational(4) * b)
            minSlack = minSlack.map { min($0, slack) } ?? slack
        }
        var made = 0
        while made < s.instances {
            let p = 1 + (try rng.int(below: 4))
            let c = try (0..<p).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } }
            let h = try Exact.multiply(c, (0..<p).map { j in c.map { $0[j] } })
            let theta = try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) }
            guard try Exact.dot(theta, try Exact.apply(h, theta)) > .zero else { continue }
            try record(h, theta, try Rational(1 + (try rng.int(below: 12)), 4), try Rational(1 + (try rng.int(below: 12)), 4))
            made += 1
        }
        // Equality: eigenvalue a/(2b) with its eigenvector.
        let a = try Rational(13, 10), b = try Rational(7, 10)
        let eq = try g([[try a / (Rational(2) * b), .zero], [.zero, Rational(3)]], [.one, .zero], a: a, b: b) + a * a / (Rational(4) * b)
        if s.indefinite {
            for sv in [try Rational(9, 10), try Rational(99, 100), try Rational(999, 1000)] {
                try record([[.one, .zero], [.zero, Rational(-1)]], [.one, sv], .one, .one)
                indefiniteCount += 1
            }
        }
        e.add(.count("indefiniteInstances", "instances with an indefinite H", indefiniteCount, role: .hypothesis, requirement: .equals("0"),
                     note: "the lemma assumes H ⪰ 0"))
        e.add(.exact("minSlack", "min over the instances of g + a²/(4b)", minSlack ?? .zero, requirement: .atLeast(0), note: "≥ 0: the bound holds (exact)"))
        e.add(.exact("equalitySlack", "g + a²/(4b) at H = diag(a/(2b), 3), θ = e₁, a = 13/10, b = 7/10", eq, requirement: .equals("0"),
                     note: "0: the bound is attained"))
        e.summary = "g ≥ −a²/(4b) on all \(s.instances) exact instances, with equality at an eigenvalue a/(2b)."
        return e
    }
}
