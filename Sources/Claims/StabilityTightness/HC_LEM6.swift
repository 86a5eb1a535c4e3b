import Constructions
import Numerics

/// HC-LEM6: the conditioning inequalities behind Theorem 4b, parts (i) and (ii), exactly (certified once the
/// powers outgrow 128 bits): with q = 1 − 1/n and t_k = c·t_{k−1},
/// (i) P[Δ_{t_{k−1}} = 0 | Δ_{t_k} ≠ 0] ≤ n/(n + t_{k−1}); (ii) P[Δ_{t_{k−1}} ≠ 0 | Δ_{t_k} ≠ 0] ≤ (1/c)(1 + t_k/n).
enum HC_LEM6 {
    enum SecondBound: String, Codable, Sendable {
        case printed = "(1/c)(1 + t_k/n)"
        case withoutCorrection = "1/c (the correction term dropped)"
    }

    struct Setup: ClaimSetup {
        var secondBound = SecondBound.printed
        var sampleSizes = [2, 3, 5, 10, 20, 50]
        var earlierTimes = [1, 2, 5, 10, 20, 50, 100, 200]
        var factors = [2, 4]
    }

    static let claim = Claim(
        "HC-LEM6", paper: Papers.stabilityTightness, location: "Appendix A, Lemma 6 (parts (i) and (ii))",
        title: "Conditioning inequalities for Theorem 4b: (i) ≤ n/(n + t_{k−1}), (ii) ≤ (1/c)(1 + t_k/n)",
        expected: .holds, tiers: [.exact, .certified], keyFigure: "maxRatioFirst",
        errata: [
            """
            Part (iii), E[‖Δ_T‖ | Δ_{t_k} ≠ 0] ≤ E[‖Δ_T‖ | Δ_{t_{k−1}} ≠ 0](1/c)(1 + t_k/n) + (T/t_{k−1})^a·2L/n, relies on Lemma 5(3) \
            under a conditioning that includes a pick — the same flaw as Theorem 4 — and is unsupported; it is not checked here.
            """,
            """
            Part (ii)'s conclusion is true, but both intermediate inequalities of the printed proof go the wrong way (the \
            numerator is bounded below and the denominator above). A correct route: 1 − q^{t_{k−1}} ≤ t_{k−1}/n and \
            1 − q^{t_k} ≥ t_k/(n + t_k). The printed indices mix t_k − 1 and t_{k−1}; read t_{k−1}.
            """,
        ],
        statement: Statement(
            """
            With indices drawn with replacement, q = 1 − 1/n, and t_k = c·t_{k−1}: (i) P[Δ_{t_{k−1}} = 0 | Δ_{t_k} ≠ 0] ≤ \
            n/(n + t_{k−1}); (ii) P[Δ_{t_{k−1}} ≠ 0 | Δ_{t_k} ≠ 0] ≤ (1/c)(1 + t_k/n). (Part (iii) is discussed in the errata.)
            """,
            hypotheses: [Hypothesis("Δ_t = 0 exactly when the differing index has not been drawn in the first t steps (true for the constructions)"),
                         Hypothesis("the bound of (ii) as printed", field: "secondBound")],
            construction: """
                The probabilities in closed form: (i) q^{t_{k−1}}(1 − q^{t_k − t_{k−1}})/(1 − q^{t_k}), (ii) (1 − q^{t_{k−1}})/(1 − q^{t_k}), \
                over n ∈ {2, 3, 5, 10, 20, 50}, t_{k−1} ∈ {1, 2, 5, …, 200}, c ∈ {2, 4}, in exact rationals (certified intervals once \
                the powers of q outgrow 128 bits).
                """,
            setup: Setup(), check: check,
            controls: [
                .dropping("secondBound", name: "(ii) without (1 + t_k/n)", """
                    Drop the correction factor: (1 − q^t)/(1 − q^{ct}) ≥ 1/c always (concavity), strictly for t ≥ 1, so the bound fails.
                    """) { $0.secondBound = .withoutCorrection },
            ]))

    static func power(_ q: Rational, _ k: Int) throws -> Quantity {
        var p = Quantity.one, base = Quantity.exact(q), e = k
        while e > 0 { if e & 1 == 1 { p = try p * base }; base = try base * base; e >>= 1 }
        return p
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var worst1 = Quantity.zero, worst2 = Quantity.zero
        for n in s.sampleSizes {
            let q = try Rational(n - 1, n)
            for t in s.earlierTimes {
                for c in s.factors {
                    let qt = try power(q, t), qct = try power(q, c * t)
                    let first = try qt * (Quantity.one - (try power(q, (c - 1) * t))) / (Quantity.one - qct)
                    let second = try (Quantity.one - qt) / (Quantity.one - qct)
                    let b1 = Quantity.exact(try Rational(n, n + t))
                    let b2: Quantity = s.secondBound == .printed ? .exact(try Rational(1, c) * (.one + Rational(c * t, n))) : .exact(try Rational(1, c))
                    worst1 = try HC_T1.larger(worst1, try first / b1)
                    worst2 = try HC_T1.larger(worst2, try second / b2)
                }
            }
        }
        e.add(.quantity("maxRatioFirst", "max over the grid of (i) / (n/(n + t_{k−1}))", worst1, requirement: .atMost(1), tolerance: .relative(1e-9),
                        note: "≤ 1: part (i) holds (the ratio is at most q^t(n + t)/n ≤ 1)"))
        e.add(.quantity("maxRatioSecond", "max over the grid of (ii) / bound", worst2, requirement: .atMost(1), tolerance: .relative(1e-9),
                        note: "≤ 1: part (ii) holds"))
        e.summary = "Parts (i) and (ii) hold at every point of the grid."
        return e
    }
}
