import Constructions
import Numerics

/// HC-DEF5: S is ξ-self-correlated when (1/n)Σ_i (x_jᵀx_i)² ≥ ξ > 0 for every j. Checked exactly: the sum form
/// equals the quadratic form x_jᵀHx_j with H = (1/n)Σ_i x_i x_iᵀ, ξ(S) ≥ r⁴/n when every ‖x_j‖ ≥ r, and ξ(S) = 0
/// exactly when S contains the zero vector (so "ξ > 0" ⟺ no zero vector, as the paper says).
enum HC_DEF5 {
    enum SumForm: String, Codable, Sendable {
        case squared = "(1/n)Σ_i (x_jᵀx_i)²"
        case unsquared = "(1/n)Σ_i x_jᵀx_i (square dropped)"
    }

    struct Setup: ClaimSetup {
        var sumForm = SumForm.squared
        var dataSets = 60
    }

    static let claim = Claim(
        "HC-DEF5", paper: Papers.stabilityTightness, location: "§3.1, Definition 5",
        title: "ξ-self-correlated data: min_j x_jᵀHx_j ≥ ξ > 0, with ξ(S) ≥ r⁴/n and ξ(S) > 0 exactly when no x_j is zero",
        expected: .definition, tiers: [.exact], keyFigure: "formMismatches",
        errata: ["The remark after the definition gives r²/n where r⁴/n is correct (HC-REM-XI)."],
        statement: Statement(
            """
            S is ξ-self-correlated if (1/n)Σ_{i=1}^n (x_jᵀx_i)² ≥ ξ > 0 for every j ∈ [n]; equivalently x_jᵀHx_j ≥ ξ with \
            H = (1/n)Σ_i x_i x_iᵀ. Keeping the term i = j gives ξ(S) ≥ min_j ‖x_j‖⁴/n, so every S without the zero vector \
            is self-correlated for some ξ > 0.
            """,
            form: .definition,
            hypotheses: [Hypothesis("the sum form squares each inner product", field: "sumForm")],
            construction: """
                60 random data sets (seed 17): n ∈ {1, …, 6}, d ∈ {1, …, 4}, entries k/4 with |k| ≤ 4 and no zero row, in \
                exact rationals; plus the same sets with one row replaced by 0. Per set: the sum form against x_jᵀHx_j \
                for every j; ξ(S)/(r⁴/n) with r = min_j ‖x_j‖ (r⁴ = (min ‖x_j‖²)², rational).
                """,
            setup: Setup(), check: check,
            controls: [.dropping("sumForm", name: "square dropped", """
                Drop the square in the sum form: (1/n)Σ_i x_jᵀx_i = x_jᵀx̄ is no longer x_jᵀHx_j, and the forms disagree.
                """) { $0.sumForm = .unsquared }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 17)
        var mismatches = 0, minRatio: Rational?, zeroSetsPositive = 0, cleanSetsZero = 0
        for _ in 0..<s.dataSets {
            let n = try rng.int(below: 6) + 1, d = try rng.int(below: 4) + 1
            var xs: [[Rational]] = []
            while xs.count < n {
                let x = try (0..<d).map { _ in try Rational(try rng.int(below: 9) - 4, 4) }
                if x.contains(where: { $0 != .zero }) { xs.append(x) }
            }
            let h = try empiricalSecondMoment(of: xs)
            let sums = s.sumForm == .squared ? try selfCorrelations(of: xs) : try xs.map { xj in
                var acc = Rational.zero
                for xi in xs { acc = try acc + Exact.dot(xj, xi) }
                return try acc / Rational(n)
            }
            for (j, xj) in xs.enumerated() where try Exact.dot(xj, try Exact.apply(h, xj)) != sums[j] { mismatches += 1 }
            let xi = try selfCorrelation(of: xs)
            if xi == .zero { cleanSetsZero += 1 }
            let r2 = try xs.map { try Exact.dot($0, $0) }.min()! // n ≥ 1
            let ratio = try xi / (r2 * r2 / Rational(n))
            minRatio = minRatio.map { min($0, ratio) } ?? ratio
            var withZero = xs
            withZero[try rng.int(below: n)] = Array(repeating: .zero, count: d)
            if try selfCorrelation(of: withZero) != .zero { zeroSetsPositive += 1 }
        }
        e.add(.count("formMismatches", "pairs (S, j) where the sum form ≠ x_jᵀHx_j", mismatches, requirement: .equals("0"),
                     note: "0 over \(s.dataSets) data sets, exact"))
        e.add(.exact("minXiOverR4n", "min over the sets of ξ(S)/(r⁴/n)", minRatio ?? .zero, requirement: .atLeast(1),
                     note: "≥ 1: ξ(S) ≥ r⁴/n (the i = j term alone)"))
        e.add(.count("cleanSetsWithZeroXi", "sets without a zero row whose ξ(S) is 0", cleanSetsZero, requirement: .equals("0"), note: "ξ > 0 without the zero vector"))
        e.add(.count("zeroRowSetsWithPositiveXi", "sets with a zero row whose ξ(S) is not 0", zeroSetsPositive, requirement: .equals("0"),
                     note: "x_j = 0 forces x_jᵀHx_j = 0"))
        e.summary = "The two forms agree exactly, ξ(S) ≥ r⁴/n on every set, and ξ(S) > 0 exactly when no row is zero."
        return e
    }
}
