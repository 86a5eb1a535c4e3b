import Constructions
import Numerics

/// HC-REM-XI (refuted as printed): the remark after Definition 5 says data with ‖x_j‖ ≥ r are at least
/// r²/n-self-correlated. Keeping only the term i = j gives r⁴/n, which is the correct bound — attained by orthogonal
/// data — and r²/n fails whenever r < 1 (n = 1, x = 1/2: ξ = 1/16 < 1/4).
enum HC_REM_XI {
    struct DataSet: Codable, Equatable, Sendable {
        /// n orthogonal vectors (n = d), each of norm r, or n copies of one vector of norm r.
        enum Shape: String, Codable, Sendable { case orthogonal, repeated }
        var shape: Shape
        var n: Int
        var r: Rational
    }

    struct Setup: ClaimSetup {
        var dataSets = [DataSet(shape: .repeated, n: 1, r: HC_LEM1.r(1, 2)),
                        DataSet(shape: .orthogonal, n: 3, r: HC_LEM1.r(1, 2)),
                        DataSet(shape: .orthogonal, n: 10, r: HC_LEM1.r(9, 10))]
    }

    static func features(_ s: DataSet) -> [[Rational]] {
        (0..<s.n).map { j in (0..<s.n).map { k in s.shape == .repeated ? (k == 0 ? s.r : .zero) : (k == j ? s.r : .zero) } }
    }

    static let claim = Claim(
        "HC-REM-XI", paper: Papers.stabilityTightness, location: "§3.1, the remark after Definition 5",
        title: "\"‖x_j‖ ≥ r implies r²/n-self-correlated\" — refuted for r < 1; the correct bound is r⁴/n, attained",
        expected: .refutedAsStated, tiers: [.exact], keyFigure: "maxPrintedOverXi",
        errata: [
            """
            ξ scales like ‖x‖⁴ and r² like ‖x‖², so no bound of the form c·r²/n can hold for all data: rescaling x by s < 1 \
            breaks it. The most charitable reading — data normalised so that r ≥ 1, where r²/n ≤ r⁴/n — makes the printed \
            bound true but weaker than r⁴/n (sanity control). The sentence that follows (every S without the zero vector \
            is self-correlated for some ξ > 0) is correct.
            """,
        ],
        statement: Statement(
            "If ‖x_j‖ ≥ r > 0 for every j, then S is (r²/n)-self-correlated: (1/n)Σ_i (x_jᵀx_i)² ≥ r²/n for every j.",
            hypotheses: [Hypothesis("every ‖x_j‖ ≥ r (here = r) and r > 0", field: "dataSets")],
            construction: """
                Exact rationals: one copy of x = 1/2 (n = 1, d = 1: ξ = 1/16 against r²/n = 1/4); three orthogonal vectors of \
                norm 1/2 (ξ = 1/48 against 1/12); ten orthogonal vectors of norm 9/10. The figure is max over the sets of \
                (r²/n)/ξ(S); the statement needs ≤ 1.
                """,
            setup: Setup(), check: check,
            controls: [.sanity(name: "r ≥ 1", "With r = 1 and r = 2 (the normalised reading) the printed r²/n holds on the same shapes: the check accepts it.") {
                $0.dataSets = [DataSet(shape: .repeated, n: 1, r: .one), DataSet(shape: .orthogonal, n: 3, r: Rational(2))]
            }]),
        repair: .inline(repairStatement))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var worst = Rational.zero, minNorm: Rational?
        for (k, d) in s.dataSets.enumerated() {
            let xs = features(d)
            let xi = try selfCorrelation(of: xs)
            let printed = try d.r * d.r / Rational(d.n)
            let ratio = try printed / xi
            e.add(.exact("xi[\(k + 1)]", "ξ(S), \(d.shape.rawValue), n = \(d.n), r = \(d.r)", xi, note: "exact"))
            worst = max(worst, ratio)
            let norms = try xs.map { try Exact.dot($0, $0) }.min()! // n ≥ 1
            let normOverR = try norms / (d.r * d.r)
            minNorm = minNorm.map { min($0, normOverR) } ?? normOverR
        }
        e.add(.exact("minNormOverR", "min over the sets of min_j ‖x_j‖²/r²", minNorm ?? .zero, role: .hypothesis, requirement: .atLeast(1),
                     note: "≥ 1: every ‖x_j‖ ≥ r"))
        e.add(.exact("maxPrintedOverXi", "max over the sets of (r²/n)/ξ(S)", worst, requirement: .atMost(1),
                     note: "≤ 1 is what the remark claims; 4 = 1/r² at r = 1/2"))
        e.summary = "ξ(S) ≥ r²/n on every set."
        return e
    }

    // MARK: repaired remark: ξ(S) ≥ r⁴/n, attained by orthogonal data

    struct RepairSetup: ClaimSetup {
        /// The exponent of r in the bound (the repair: 4).
        var exponent = 4
        var randomSets = 40
    }

    static let repairStatement = Statement(
        """
        If ‖x_j‖ ≥ r for every j, then (1/n)Σ_i (x_jᵀx_i)² ≥ (1/n)(x_jᵀx_j)² ≥ r⁴/n for every j, with equality for n \
        orthogonal vectors of norm r.
        """,
        hypotheses: [Hypothesis("the bound is r⁴/n", field: "exponent")],
        construction: """
            The three refuting sets (equality for the orthogonal ones), and 40 random rational sets (seed 23; n ≤ 6, d ≤ 4, \
            entries k/4, r = min_j ‖x_j‖, so r⁴ = (min ‖x_j‖²)² is rational): min over sets of ξ(S)/(r⁴/n) must be ≥ 1 and \
            equal 1 on the orthogonal sets.
            """,
        setup: RepairSetup(), check: repairCheck,
        controls: [.dropping("exponent", name: "r³/n", """
            Claim r³/n instead: at r = 1/2 the orthogonal sets have ξ = r⁴/n < r³/n, so the bound fails — r⁴ is the right power.
            """) { $0.exponent = 3 }])

    static func repairCheck(_ s: RepairSetup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var minRatio: Rational?, orthogonalDeviation = Rational.zero
        for d in Setup().dataSets {
            let xi = try selfCorrelation(of: features(d))
            var power = Rational.one
            for _ in 0..<s.exponent { power = try power * d.r }
            let ratio = try xi / (power / Rational(d.n))
            minRatio = minRatio.map { min($0, ratio) } ?? ratio
            if d.shape == .orthogonal { orthogonalDeviation = max(orthogonalDeviation, try (ratio - .one).magnitude) }
        }
        var rng = SeededGenerator(seed: 23)
        for _ in 0..<s.randomSets {
            let n = try rng.int(below: 6) + 1, dim = try rng.int(below: 4) + 1
            var xs: [[Rational]] = []
            while xs.count < n {
                let x = try (0..<dim).map { _ in try Rational(try rng.int(below: 9) - 4, 4) }
                if x.contains(where: { $0 != .zero }) { xs.append(x) }
            }
            let r2 = try xs.map { try Exact.dot($0, $0) }.min()! // n ≥ 1
            // r^exponent from r² when the exponent is even; odd exponents are checked on the fixed sets only.
            guard s.exponent % 2 == 0 else { continue }
            var power = Rational.one
            for _ in 0..<(s.exponent / 2) { power = try power * r2 }
            let ratio = try selfCorrelation(of: xs) / (power / Rational(n))
            minRatio = minRatio.map { min($0, ratio) } ?? ratio
        }
        e.add(.exact("minXiOverBound", "min over all sets of ξ(S)/(r^\(s.exponent)/n)", minRatio ?? .zero, requirement: .atLeast(1),
                     note: "≥ 1: the bound holds"))
        e.add(.exact("orthogonalDeviation", "max over the orthogonal sets of |ξ(S)/(r^\(s.exponent)/n) − 1|", orthogonalDeviation,
                     requirement: .equals("0"), note: "= 0: the bound is attained by orthogonal data, as the repaired remark says"))
        e.summary = "ξ(S) ≥ r⁴/n on every set, with equality on orthogonal data."
        return e
    }
}
