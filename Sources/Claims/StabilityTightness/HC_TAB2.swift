import Constructions
import Foundation
import Numerics

/// HC-TAB2 (Appendix B, Table 2): "weights perturbed by N(0, σ²I) and retrained for 50 epochs stay
/// close to the trained weights w*" — read (erratum E-TAB2) as ‖w̃* − w*‖ ≤ 2‖w̃ − w*‖. EMPIRICAL: the
/// printed table is checked for internal consistency in exact rational arithmetic (the retrained
/// distance is within the factor 2 in every row; the perturbation column halves when σ halves, within
/// the rounding of the printed digits), and the catalog's small substitute is run and reported, with
/// the noise floor of retraining an unperturbed copy.
enum HC_TAB2 {
    struct Row: Codable, Equatable, Sendable {
        var model: String
        var sigma: Rational
        /// ‖w̃ − w*‖/‖w*‖ and its printed spread.
        var perturbed: Rational
        var perturbedSpread: Rational
        /// ‖w̃* − w*‖/‖w*‖ and its printed spread.
        var retrained: Rational
        var retrainedSpread: Rational
    }

    enum Column: String, Codable, Sendable {
        case perturbed = "‖w̃ − w*‖/‖w*‖ (before retraining)"
        case retrained = "‖w̃* − w*‖/‖w*‖ (after retraining)"
    }

    static func r(_ s: String) -> Rational { Rational(s)! } // literal decimals below

    struct Setup: ClaimSetup {
        /// Table 2 as printed (three decimals; the spreads as printed).
        var table: [Row] = [
            Row(model: "ResNet18", sigma: r("1/100"), perturbed: r("549/1000"), perturbedSpread: r("9/100000"), retrained: r("557/1000"), retrainedSpread: r("3/10000")),
            Row(model: "ResNet18", sigma: r("1/200"), perturbed: r("137/500"), perturbedSpread: r("1/20000"), retrained: r("277/1000"), retrainedSpread: r("7/1000")),
            Row(model: "DenseNet121", sigma: r("1/100"), perturbed: r("123/1000"), perturbedSpread: r("3/100000"), retrained: r("63/500"), retrainedSpread: r("1/2500")),
            Row(model: "DenseNet121", sigma: r("1/200"), perturbed: r("31/500"), perturbedSpread: r("1/100000"), retrained: r("13/200"), retrainedSpread: r("3/1000")),
        ]
        /// Half a unit of the last printed digit.
        var printRounding = r("1/2000")
        /// The reading of "stays close": ‖w̃* − w*‖ ≤ k‖w̃ − w*‖ with k = 2.
        var allowedGrowth = Rational(2)
        /// The column that must halve with σ: ‖ν‖ = σ‖ξ‖ exactly for ν = σξ.
        var scalingColumn = Column.perturbed
        // The substitute (report only).
        var sigmas: [Double] = [0.01, 0.005, 0.05]
        var n = 128
        var learningRate = 0.02
        var seed: UInt64 = 99
    }

    static let samples = [
        SampleCount("perturbations", "perturbed copies per σ in the substitute (the paper: 20)", quick: 5, full: 20),
        SampleCount("trainEpochs", "epochs to train w* in the substitute (the paper: 200)", quick: 64, full: 200),
        SampleCount("retrainEpochs", "epochs of retraining each perturbed copy (the paper: 50)", quick: 10, full: 50),
    ]

    static let claim = Claim(
        "HC-TAB2", paper: Papers.stabilityTightness, location: "Appendix B, Table 2",
        title: "Perturb-and-retrain stays within twice the perturbation (Table 2): internally consistent data; substitute reported",
        expected: .empirical, tiers: [.exact], keyFigure: "maxRetrainedOverPerturbed",
        errata: [
            """
            The criterion is self-referential as printed ("the distance should be no more than 2‖w̃* − w*‖/‖w*‖"); the \
            reading encoded is ‖w̃* − w*‖ ≤ 2‖w̃ − w*‖.
            """,
            """
            The table supports "stays within a factor 2", not contraction: in every row the retrained distance is slightly \
            LARGER than the perturbation (ratios 1.011 to 1.048), so retraining does not bring the weights back towards w*.
            """,
            """
            In the substitute the outcome depends on the noise floor of constant-step SGD: retraining an unperturbed copy \
            already moves it, so at small σ the ratio exceeds 2 (catalog: 1.70, 3.33, 0.74 at σ = 0.01, 0.005, 0.05).
            """,
        ],
        statement: Statement(
            """
            Perturbing the trained weights w* by ν ~ N(0, σ²I) and retraining for 50 epochs gives weights w̃* with \
            ‖w̃* − w*‖ ≤ 2‖w̃ − w*‖ (Table 2, σ ∈ {0.01, 0.005}, ResNet18 and DenseNet121). Asserted on the printed data: every \
            row meets the factor 2, and the perturbation column halves when σ halves within the rounding of the printed \
            digits (as ‖ν‖ = σ‖ξ‖ requires); the 4-8-1 tanh substitute is reported.
            """,
            form: .empirical,
            hypotheses: [
                Hypothesis("\"stays close\" means ‖w̃* − w*‖ ≤ 2‖w̃ − w*‖ (E-TAB2)", field: "allowedGrowth"),
                Hypothesis("the perturbation column is σ‖ξ‖/‖w*‖ with the same w* for both σ", field: "scalingColumn"),
                Hypothesis("each printed value is within half a unit of its third decimal of the true value", field: "printRounding"),
            ],
            construction: """
                The printed Table 2 as exact rationals. Row check: max over rows of column 2 / column 1. Scaling check per \
                model: the exact interval of (a ± h)/(b ∓ h) for the σ = 0.01 and σ = 0.005 entries a, b of the perturbation \
                column, h = 1/2000, must contain 2. Substitute (report): the 4-8-1 tanh network trained on the teacher data of \
                HC-FIG1A (batch-1 SGD, step 0.02) to w*; perturbed by σ·N(0, I) for σ ∈ {0.01, 0.005, 0.05} and retrained; \
                and an unperturbed copy retrained for the same number of epochs (the noise floor).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .mutation(name: "factor 1 instead of 2", """
                    Require ‖w̃* − w*‖ ≤ ‖w̃ − w*‖ (contraction): every row of the table has a ratio above 1, so the check must \
                    fail — the table does not show the weights returning towards w*.
                    """) { $0.allowedGrowth = .one },
                .mutation(name: "σ-scaling read on the retrained column", """
                    Apply the halving check to the retrained column: 0.557/0.277 lies in [2.0054, 2.0163] and 0.126/0.065 in \
                    [1.916, 1.961], so exact proportionality to σ is excluded there — retraining adds a σ-independent part.
                    """) { $0.scalingColumn = .retrained },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var worst = Rational.zero
        for row in s.table {
            let ratio = try row.retrained / row.perturbed
            worst = max(worst, ratio)
            e.add(.exact("ratio[\(row.model),sigma=\(row.sigma)]", "column 2 / column 1, \(row.model), σ = \(row.sigma)", ratio,
                         note: "the catalog's \(String(format: "%.3f", ratio.doubleValue))"))
        }
        e.add(.exact("maxRetrainedOverPerturbed", "max over rows of ‖w̃* − w*‖ / ‖w̃ − w*‖", worst, requirement: .atMost(s.allowedGrowth.doubleValue),
                     note: "≤ \(s.allowedGrowth): every row stays within the factor (exact on the printed values)"))
        var models: [String] = []
        for row in s.table where !models.contains(row.model) { models.append(row.model) }
        for model in models {
            let rows = s.table.filter { $0.model == model }.sorted { $1.sigma < $0.sigma }
            guard rows.count == 2, try rows[0].sigma / rows[1].sigma == Rational(2) else { continue }
            let a = s.scalingColumn == .perturbed ? rows[0].perturbed : rows[0].retrained
            let b = s.scalingColumn == .perturbed ? rows[1].perturbed : rows[1].retrained
            let h = s.printRounding
            let lo = try (a - h) / (b + h), hi = try (a + h) / (b - h)
            let two = Rational(2)
            let distance = two < lo ? try lo - two : (hi < two ? try two - hi : .zero)
            e.add(.exact("sigmaScalingDistance[\(model)]", "distance from 2 to the interval of \(model)'s column ratio for σ = \(rows[0].sigma) vs \(rows[1].sigma)",
                         distance, requirement: .equals("0"),
                         note: "0: the ratio interval [\(String(format: "%.4f", lo.doubleValue)), \(String(format: "%.4f", hi.doubleValue))] (printed values ± 1/2000) contains 2"))
            // The spread of ‖ν‖/‖w*‖ for ν = σξ, ξ ~ N(0, I_d) is about 1/√(2d) of its mean.
            for row in rows where !row.perturbedSpread.isZero {
                let implied = pow(row.perturbed.doubleValue / row.perturbedSpread.doubleValue, 2) / 2
                e.add(Figure("impliedParameterCount[\(model),sigma=\(row.sigma)]", "d implied by the spread of column 1 if ± is a standard deviation",
                             value: implied, tier: .numerical, tolerance: .relative(1e-9),
                             note: "(mean/spread)²/2; ResNet18 has about 1.1e7 parameters and DenseNet121 about 7e6 — the same order"))
            }
        }
        try substitute(s, context, &e)
        e.summary = """
            On the printed values every row keeps the retrained distance within twice the perturbation (largest ratio 65/62 \
            ≈ 1.048, all above 1), and the perturbation column halves with σ within the printing precision for both \
            networks. The tanh-network substitute is reported with its noise floor.
            """
        return e
    }

    /// The 4-8-1 substitute: ratios ‖w̃* − w*‖/‖w̃ − w*‖ per σ and the noise floor (report only).
    static func substitute(_ s: Setup, _ context: CheckContext, _ e: inout Evidence) throws {
        let data = try TeacherData(n: s.n, inputs: 4, hidden: 8, noise: 0.1, seed: s.seed)
        let net = data.network
        var rng = SeededGenerator(seed: s.seed &+ 1)
        var w = TeacherData.initialParameters(inputs: 4, hidden: 8, rng: &rng)
        var stream = try IndexStream(n: s.n, scheme: .reshuffledPermutation, seed: s.seed &+ 2)
        for _ in 0..<(try context.count("trainEpochs")) { try net.trainEpoch(&w, stream: &stream, learningRate: s.learningRate, weightDecay: 0) }
        let wStar = w, norm = Vector.norm2(wStar)
        let copies = try context.count("perturbations"), epochs = try context.count("retrainEpochs")
        func retrain(_ start: [Double], _ seed: UInt64) throws -> [Double] {
            var v = start
            var st = try IndexStream(n: s.n, scheme: .reshuffledPermutation, seed: seed)
            for _ in 0..<epochs { try net.trainEpoch(&v, stream: &st, learningRate: s.learningRate, weightDecay: 0) }
            return v
        }
        var floor = 0.0
        for c in 0..<copies { floor += Vector.norm2(zip(try retrain(wStar, s.seed &+ UInt64(500 + c)), wStar).map { $0 - $1 }) / Double(copies) }
        e.add(Figure("substituteNoiseFloor", "mean ‖retrained(w*) − w*‖/‖w*‖ without perturbation", value: floor / norm, tier: .statistical,
                     tolerance: .relative(1e-6), note: "constant-step SGD keeps moving: the distance any retrained copy shows without a perturbation (catalog ≈ 0.024)"))
        for sigma in s.sigmas {
            var before = 0.0, after = 0.0
            for c in 0..<copies {
                let nu = (0..<wStar.count).map { _ in sigma * rng.normal() }
                let start = zip(wStar, nu).map { $0 + $1 }
                before += Vector.norm2(nu) / Double(copies)
                after += Vector.norm2(zip(try retrain(start, s.seed &+ UInt64(500 + c)), wStar).map { $0 - $1 }) / Double(copies)
            }
            e.add(Figure("substituteRatio[sigma=\(sigma)]", "substitute: mean ‖w̃* − w*‖ / mean ‖w̃ − w*‖ at σ = \(sigma)", value: after / before,
                         tier: .statistical, tolerance: .relative(1e-6),
                         note: "‖w̃ − w*‖/‖w*‖ = \(before / norm), ‖w̃* − w*‖/‖w*‖ = \(after / norm); reported, not asserted (catalog: 1.70, 3.33, 0.74)"))
        }
    }
}
