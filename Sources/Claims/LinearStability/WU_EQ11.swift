import Constructions
import Numerics

/// WU-EQ11 (Eq. 11, refuted as printed in one of its three formulas): with Q = (g_1…g_n), S = (e_1g_1…e_ng_n),
/// P = I − (1/n)11ᵀ and N = SᵀS: ‖G‖_F² = ‖QᵀQ‖_F²/n² and Tr(GΣ) = ‖PSᵀQ‖_F²/n² hold, but the printed
/// ‖Σ‖_F² = ‖PN‖_F²/n² drops the right-hand P: the true value is ‖PNP‖_F²/n², smaller by ‖PN1‖²/n³.
enum WU_EQ11 {
    enum Data: String, Codable, Sendable { case generic = "random features and residuals", balanced = "orthonormal features, equal residuals (PN1 = 0)" }

    struct Setup: ClaimSetup {
        var data = Data.generic
        var instances = 10
    }

    static let claim = Claim(
        "WU-EQ11", paper: Papers.linearStability, location: "Appendix A.1, Eq. (11)",
        title: "Efficient alignment formulas: ‖G‖_F² and Tr(GΣ) hold; the printed ‖Σ‖_F² = ‖PN‖_F²/n² is wrong (‖PNP‖_F²/n²)",
        expected: .refutedAsStated, tiers: [.exact], keyFigure: "printedNormMismatch",
        errata: ["Consequence: a reproduction using the printed ‖Σ‖_F underestimates α and overestimates β; μ = Tr(ΣG)/(2L‖G‖_F²) is unaffected."],
        statement: Statement(
            """
            With Q = (g_1, …, g_n), S = (e_1g_1, …, e_ng_n) and P = I − (1/n)11ᵀ: G = QQᵀ/n, Σ = SPSᵀ/n, \
            ‖G‖_F² = ‖QᵀQ‖_F²/n², Tr(GΣ) = ‖PSᵀQ‖_F²/n² and ‖Σ‖_F² = ‖PSᵀS‖_F²/n².
            """,
            hypotheses: [Hypothesis("the data are generic", field: "data")],
            construction: """
                10 random finite samples (n ∈ 3…7, p ∈ 2…12, integer features and residuals, seed 89), every formula against \
                the direct p × p computation in rationals.
                """,
            setup: Setup(), check: check,
            controls: [.sanity(name: "balanced data", """
                Orthonormal features with equal residuals make PN1 = 0, where the printed formula happens to be right: the \
                check accepts it.
                """) { $0.data = .balanced }]),
        repair: .inline(repairStatement))

    static func samples(_ s: Setup) throws -> [FiniteSample] {
        var rng = SeededGenerator(seed: 89)
        return try (0..<s.instances).map { k in
            let n = 3 + k % 5
            if s.data == .balanced {
                return try FiniteSample(features: (0..<n).map { i in (0..<n).map { $0 == i ? Rational.one : .zero } }, residuals: Array(repeating: Rational(2), count: n))
            }
            let p = 2 + (try rng.int(below: 11))
            return try FiniteSample(features: try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 5) - 2) } },
                                    residuals: try (0..<n).map { _ in Rational(try rng.int(below: 7) - 3) })
        }
    }

    static func direct(_ sample: FiniteSample) throws -> (gram2: Rational, trace: Rational, sigma2: Rational) {
        let m = try sample.moments()
        let sigma = try m.covariance()
        return (try Rational.sum(try m.gram.joined().map { try $0 * $0 }), try Exact.trace(try Exact.multiply(m.gram, sigma)),
                try Rational.sum(try sigma.joined().map { try $0 * $0 }))
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var gramMismatch = Rational.zero, traceMismatch = Rational.zero, printedMismatch = Rational.zero
        for sample in try samples(s) {
            let n = Rational(sample.n)
            let truth = try direct(sample)
            let k = try sample.kernel()
            gramMismatch = max(gramMismatch, try (truth.gram2 - Rational.sum(try k.joined().map { try $0 * $0 }) / (n * n)).magnitude)
            // ‖PSᵀQ‖_F²/n²: (SᵀQ)_ij = e_i·g_iᵀg_j = e_iK_ij.
            let stq = try (0..<sample.n).map { i in try (0..<sample.n).map { j in try sample.residuals[i] * k[i][j] } }
            let centred = try (0..<sample.n).map { i in try (0..<sample.n).map { j in try stq[i][j] - Rational.sum((0..<sample.n).map { stq[$0][j] }) / n } }
            traceMismatch = max(traceMismatch, try (truth.trace - Rational.sum(try centred.joined().map { try $0 * $0 }) / (n * n)).magnitude)
            printedMismatch = max(printedMismatch, try (truth.sigma2 - sample.sigmaFrobeniusSquared(printed: true)).magnitude)
        }
        e.add(.exact("gramNormMismatch", "max |‖G‖_F² − ‖QᵀQ‖_F²/n²|", gramMismatch, requirement: .equals("0"), note: "0: holds"))
        e.add(.exact("traceMismatch", "max |Tr(GΣ) − ‖PSᵀQ‖_F²/n²|", traceMismatch, requirement: .equals("0"), note: "0: holds"))
        e.add(.exact("printedNormMismatch", "max |‖Σ‖_F² − ‖PSᵀS‖_F²/n²| (the printed formula)", printedMismatch, requirement: .equals("0"),
                     note: "≠ 0 refutes the printed formula"))
        e.summary = "All three formulas of Eq. 11 match the direct computation."
        return e
    }

    // MARK: repair

    struct RepairSetup: ClaimSetup {
        /// Whether the right-hand P is kept.
        var rightProjection = true
        var instances = 10
    }

    static let repairStatement = Statement(
        """
        ‖Σ‖_F² = ‖PNP‖_F²/n² with N = SᵀS = Diag(e)·K·Diag(e) (K_ij = g_iᵀg_j), because ‖Σ‖_F² = Tr(PNPN)/n² and P is a \
        projection; the printed ‖PN‖_F²/n² exceeds it by exactly ‖PN1‖²/n³.
        """,
        hypotheses: [Hypothesis("both projections are kept", field: "rightProjection")],
        construction: "The same 10 random samples (seed 89), exact: the corrected formula and the size of the printed excess.",
        setup: RepairSetup(), check: repairCheck,
        controls: [.dropping("rightProjection", name: "right P dropped", "Dropping the right P is the printed formula, which misses by ‖PN1‖²/n³.") {
            $0.rightProjection = false
        }])

    static func repairCheck(_ s: RepairSetup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var mismatch = Rational.zero, excessMismatch = Rational.zero
        for sample in try samples(Setup(data: .generic, instances: s.instances)) {
            let truth = try direct(sample).sigma2
            let corrected = try sample.sigmaFrobeniusSquared(printed: !s.rightProjection)
            mismatch = max(mismatch, try (truth - corrected).magnitude)
            // Excess ‖PN1‖²/n³ of the printed formula.
            let k = try sample.kernel(), n = sample.n
            let n1 = try (0..<n).map { i in try Rational.sum(try (0..<n).map { j in try sample.residuals[i] * k[i][j] * sample.residuals[j] }) }
            let mean = try Rational.sum(n1) / Rational(n)
            let pn1 = try n1.map { try $0 - mean }
            let excess = try Rational.sum(try pn1.map { try $0 * $0 }) / Rational(n * n * n)
            excessMismatch = max(excessMismatch, try (sample.sigmaFrobeniusSquared(printed: true) - truth - excess).magnitude)
        }
        e.add(.exact("correctedMismatch", "max |‖Σ‖_F² − ‖PNP‖_F²/n²|", mismatch, requirement: .equals("0"), note: "0"))
        e.add(.exact("excessMismatch", "max |printed − true − ‖PN1‖²/n³|", excessMismatch, role: .crossCheck, requirement: .equals("0"),
                     note: "0: the printed formula's error is exactly ‖PN1‖²/n³"))
        e.summary = "‖Σ‖_F² = ‖PNP‖_F²/n² exactly; the printed formula is off by ‖PN1‖²/n³."
        return e
    }
}
