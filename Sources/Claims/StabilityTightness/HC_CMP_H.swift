import Constructions
import Numerics

/// HC-CMP-H: dividing Theorem 4's bound by Hardt et al.'s gives T^{a²/(1+a)}/n^a, which is below 1 exactly when
/// T^{a/(1+a)} < n — correct algebra (checked exactly), but resting on the refuted Theorem 4.
enum HC_CMP_H {
    enum Exponent: String, Codable, Sendable {
        case correct = "a/(1 + a)"
        case mutated = "a (the denominator 1 + a dropped)"
    }

    struct Setup: ClaimSetup {
        var exponent = Exponent.correct
        /// a = p/q.
        var stepConstants: [Rational] = [HC_LEM1.r(1, 10), HC_LEM1.r(1, 2), .one, HC_LEM1.r(2, 3)]
        var horizons = Array(stride(from: 2, through: 2_000, by: 7))
        var sampleSizes = Array(2...30)
    }

    static let claim = Claim(
        "HC-CMP-H", paper: Papers.stabilityTightness, location: "§3.2, text after Theorem 4",
        title: "Comparison with Hardt et al.: the ratio of the bounds, T^{a²/(1+a)}/n^a, is below 1 iff T^{a/(1+a)} < n",
        expected: .holds, tiers: [.exact], keyFigure: "mismatches",
        errata: [
            "The premise, Theorem 4, is refuted (HC-T4): the comparison says nothing about what SGD achieves.",
            "\"Ω\" should be \"Θ\", and the equivalence is strict: at T^{a/(1+a)} = n the ratio is exactly 1, not below it.",
            """
            The preceding sentence — "in the range T^{a/(1+a)} ≤ n the upper bound of Hardt et al., namely O(T^a/n^{1+a}), is \
            larger than 1" — is garbled: Hardt et al.'s bound is O(T^{a/(1+a)}/n), which is at most of order 1, not above it, in that range.
            """,
        ],
        statement: Statement(
            """
            Theorem 4's bound T^a/n^{1+a} divided by Hardt et al.'s T^{a/(1+a)}/n equals T^{a²/(1+a)}/n^a, and this is below 1 \
            exactly when T^{a/(1+a)} < n.
            """,
            hypotheses: [Hypothesis("the comparison uses Hardt et al.'s exponent a/(1 + a)", field: "exponent")],
            construction: """
                For a = p/q ∈ {1/10, 1/2, 1, 2/3}, T ∈ {2, 9, …, 1997} and n ∈ {2, …, 30}, both sides reduced to integer \
                comparisons — T^{a²/(1+a)} < n^a ⟺ T^{p²} < n^{p(p+q)} and T^{a/(1+a)} < n ⟺ T^p < n^{p+q} — evaluated \
                exactly (128-bit integers) and compared point by point.
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("exponent", name: "exponent a instead of a/(1 + a)", """
                    With Hardt et al.'s exponent replaced by a, the right-hand side becomes T^a < n ⟺ T^p < n^q, which disagrees \
                    with the ratio's sign on the grid.
                    """) { $0.exponent = .mutated },
            ]))

    static func pow(_ b: Int, _ e: Int) throws -> Rational {
        var r = Rational.one
        for _ in 0..<e { r = try r * Rational(b) }
        return r
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var mismatches = 0, points = 0, boundary = 0
        for a in s.stepConstants {
            let p = Int(a.numerator), q = Int(a.denominator)
            for t in s.horizons {
                for n in s.sampleSizes {
                    // Left: T^{a²/(1+a)} < n^a ⟺ (raising to q(p+q)/p) T^{p²} < n^{p(p+q)}; compare p-th powers instead:
                    // T^p < n^{p+q} (the same inequality) is avoided on purpose: the left side is reduced on its own.
                    let left = try pow(t, p * p) < pow(n, p * (p + q))
                    let right: Bool
                    switch s.exponent {
                    case .correct: right = try pow(t, p) < pow(n, p + q)
                    case .mutated: right = try pow(t, p) < pow(n, q)
                    }
                    if left != right { mismatches += 1 }
                    if try pow(t, p) == pow(n, p + q) { boundary += 1 }
                    points += 1
                }
            }
        }
        e.add(.count("mismatches", "grid points where the two sides of the equivalence disagree", mismatches, requirement: .equals("0"),
                     note: "0: the algebra is right (exact integer comparisons)"))
        e.add(.count("gridPoints", "grid points compared", points, note: "a × T × n"))
        e.add(.count("boundaryPoints", "points with T^{a/(1+a)} = n exactly", boundary, note: "the ratio is exactly 1 there: the equivalence is strict"))
        e.summary = "The ratio of the two bounds is below 1 exactly when T^{a/(1+a)} < n, at every grid point."
        return e
    }
}
