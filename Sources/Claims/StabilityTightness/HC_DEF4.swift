import Constructions
import Numerics

/// HC-DEF4: twin data sets differ in exactly one entry. Every construction goes through `TwinDatasets`, whose
/// validator is checked here on a battery of valid and invalid pairs (including the removal pairs of the paper's
/// Figure 1a, which are not twins in this sense).
enum HC_DEF4 {
    enum Validator: String, Codable, Sendable {
        case strict = "TwinDatasets (the validator every construction uses)"
        case sameSizeOnly = "accept any two sets of equal size"
    }

    struct Setup: ClaimSetup {
        var validator = Validator.strict
    }

    struct Candidate {
        let name: String
        let s: [LabeledPoint]
        let sPrime: [LabeledPoint]
        let twins: Bool
    }

    static let claim = Claim(
        "HC-DEF4", paper: Papers.stabilityTightness, location: "§2, Definition 4",
        title: "Twin data sets: the same n points except at exactly one index — validated, not assumed",
        expected: .definition, tiers: [.exact], keyFigure: "misclassified",
        errata: [
            """
            Figure 1a builds its twin by removing one image (n against n − 1 points); that is not a twin pair in the sense \
            of this definition, and the validator rejects it (candidate "removal").
            """,
        ],
        statement: Statement(
            """
            S and S' are twins if they have the same size n and agree at every index except one: S = (z_1, …, z_i, …, z_n), \
            S' = (z_1, …, z'_i, …, z_n) with z'_i ≠ z_i.
            """,
            form: .definition,
            hypotheses: [Hypothesis("pairs are validated by TwinDatasets", field: "validator")],
            construction: """
                Twelve candidate pairs, each labelled by hand: valid twins (differing at the first, a middle or the last \
                index; differing only in the label; n = 1) and invalid pairs (identical sets, two differing indices, a \
                removal n vs n − 1, points of different dimensions, a NaN coordinate, an infinite label, empty sets). \
                Every pair must be classified correctly and every valid pair must report the right differing index; the \
                data sets of the registered constructions (HC-T1, HC-T5) must pass.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("validator", name: "size-only validator", """
                Accept any two sets of equal size: identical sets, two differing indices and a NaN coordinate pass as \
                twins, and the misclassification count becomes positive.
                """) { $0.validator = .sameSizeOnly }]))

    static func p(_ x: [Double], _ y: Double) -> LabeledPoint { LabeledPoint(x, y) }

    static var candidates: [Candidate] {
        let base = [p([1, 0], 1), p([0, 1], -1), p([1, 1], 0.5), p([0.5, -0.5], 1)]
        func replaced(_ i: Int, _ z: LabeledPoint) -> [LabeledPoint] { var c = base; c[i] = z; return c }
        return [
            Candidate(name: "first index", s: base, sPrime: replaced(0, p([-1, 0], 1)), twins: true),
            Candidate(name: "middle index", s: base, sPrime: replaced(2, p([1, -1], 0.5)), twins: true),
            Candidate(name: "last index", s: base, sPrime: replaced(3, p([0, 0], 0)), twins: true),
            Candidate(name: "label only", s: base, sPrime: replaced(1, p([0, 1], 1)), twins: true),
            Candidate(name: "n = 1", s: [p([1], 1)], sPrime: [p([-1], 1)], twins: true),
            Candidate(name: "identical", s: base, sPrime: base, twins: false),
            Candidate(name: "two indices", s: base, sPrime: { var c = replaced(0, p([-1, 0], 1)); c[3] = p([0, 0], 0); return c }(), twins: false),
            Candidate(name: "removal", s: base, sPrime: Array(base.dropLast()), twins: false),
            Candidate(name: "dimension mismatch", s: base, sPrime: replaced(1, p([0, 1, 0], -1)), twins: false),
            Candidate(name: "NaN coordinate", s: base, sPrime: replaced(2, p([.nan, 1], 0.5)), twins: false),
            Candidate(name: "infinite label", s: base, sPrime: replaced(2, p([1, 1], .infinity)), twins: false),
            Candidate(name: "empty", s: [], sPrime: [], twins: false),
        ]
    }

    /// The differing index if the validator accepts the pair, nil if it rejects it.
    static func classify(_ c: Candidate, _ v: Validator) -> Int? {
        switch v {
        case .strict:
            return (try? TwinDatasets(s: c.s, sPrime: c.sPrime))?.differingIndex
        case .sameSizeOnly:
            guard c.s.count == c.sPrime.count, !c.s.isEmpty else { return nil }
            return (0..<c.s.count).first { c.s[$0] != c.sPrime[$0] } ?? 0
        }
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var wrong: [String] = [], wrongIndex = 0
        for c in candidates {
            let index = classify(c, s.validator)
            if (index != nil) != c.twins { wrong.append(c.name); continue }
            if let index, index != (0..<c.s.count).first(where: { c.s[$0] != c.sPrime[$0] }) { wrongIndex += 1 }
        }
        // The registered constructions' twins pass the same validator (they are built through it; re-validate).
        var constructionsRejected = 0
        let t1 = try NullSpaceQuadratic(beta: .one, second: try Rational(1, 2), curvatureAlongV: .zero, direction: .nullSpace, n: 10).twins()
        let t5 = try NonConvexQuadratic(beta: .one, curvature: .negative, n: 5).twins()
        for t in [t1, t5] where (try? TwinDatasets(s: t.s, sPrime: t.sPrime))?.differingIndex != t.differingIndex { constructionsRejected += 1 }
        e.add(.count("misclassified", "candidate pairs classified wrongly (of \(candidates.count))", wrong.count, requirement: .equals("0"),
                     note: wrong.isEmpty ? "every valid pair accepted, every invalid pair rejected" : "wrong: " + wrong.joined(separator: ", ")))
        e.add(.count("wrongDifferingIndex", "accepted pairs reporting the wrong differing index", wrongIndex, requirement: .equals("0"),
                     note: "the index i at which S and S' differ"))
        e.add(.count("constructionsRejected", "registered constructions (HC-T1, HC-T5) whose twins fail re-validation", constructionsRejected,
                     role: .crossCheck, requirement: .equals("0"), note: "both pass"))
        e.summary = "The validator accepts the five valid pairs with the right index and rejects all seven invalid ones, including removal."
        return e
    }
}
