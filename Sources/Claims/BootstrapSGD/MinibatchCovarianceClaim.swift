import Constructions
import Numerics

/// BS-EQ10: the minibatch gradient covariance under sampling with replacement.
enum MinibatchCovarianceClaim {
    /// (N, B) cases enumerated exhaustively: N^B ordered batches each (at most 625).
    static let cases: [(n: Int, b: Int)] = [(6, 1), (6, 2), (6, 3), (5, 4)]

    static func gradients(_ n: Int) throws -> [[Rational]] {
        let theta = try BootstrapFixtures.theta.map { try Rational(exactly: $0) }
        return try BootstrapFixtures.leastSquares().prefix(n).exactSampleGradients(at: theta)
    }

    static let claim = Claim(
        id: "BS-EQ10", paper: Papers.bootstrapSGD, location: "§3.4, eq. (10)",
        title: "Trace of the minibatch gradient covariance equals Γ/B",
        statement: """
            If a minibatch of B indices is drawn i.i.d. uniformly from the N training points (with replacement), \
            the covariance of the averaged minibatch gradient is 1/B times the covariance of a single uniformly \
            chosen per-sample gradient, Σ_S^B = (1/B)[(1/N)Σ g_i g_iᵀ − ḡḡᵀ]; taking traces, Tr Σ_S^B = Γ(θ)/B with \
            Γ(θ) = (1/N)Σ‖g_i − ḡ‖².
            """,
        hypotheses: ["minibatch indices i.i.d. uniform on the training set (sampling with replacement)",
                     "per-sample gradients g_i evaluated at one fixed θ"],
        construction: """
            Least squares L(z; θ) = ½(xᵀθ − y)² on N = 6 points in d = 2 with dyadic entries, θ = (1/2, −1/4). \
            Per-sample gradients are exact rationals. For (N, B) ∈ {(6,1), (6,2), (6,3), (5,4)} every one of the \
            N^B equally likely ordered batches is enumerated and the covariance of g_B is computed exactly.
            """,
        tiers: [.exact], expectedVerdict: .holds,
        check: check,
        controls: [NegativeControl(
            name: "sampling without replacement",
            description: """
                Drop the with-replacement hypothesis: enumerate all ordered batches of B distinct indices. The same \
                exact comparison must reject the 1/B formula for every B > 1, and must accept the finite-population \
                form (N − B)/(B(N − 1))·C exactly.
                """,
            run: withoutReplacementControl)])

    static func check() throws -> CheckOutcome {
        var figures: [Figure] = []
        for (n, b) in cases {
            let g = try gradients(n)
            let m = try MinibatchGradientCovariance.enumerate(gradients: g, batchSize: b, sampling: .withReplacement)
            let predicted = try MinibatchGradientCovariance.withReplacementFormula(g, batchSize: b)
            let gammaOverB = try MinibatchGradientCovariance.gradientVariance(g) / Rational(b)
            let tag = "N=\(n) B=\(b)"
            figures.append(.count("batches enumerated \(tag)", m.batchCount, note: "N^B ordered batches, each of probability N^−B"))
            figures.append(.exact("max |Σ_enum − Σ_formula| \(tag)", try Exact.maxAbsDifference(m.covariance, predicted),
                                  requirement: .equals("0"), note: "entrywise, exact; 0 means identical matrices"))
            figures.append(.exact("Tr Σ_S^B \(tag)", try Exact.trace(m.covariance), requirement: .equals(gammaOverB.description),
                                  note: "trace of the enumerated covariance; must equal Γ/B"))
            figures.append(.exact("Γ/B \(tag)", gammaOverB, note: "the claimed value of the trace"))
        }
        return .fromRequirements(figures, tier: .exact, holds: """
            In all \(cases.count) cases the enumerated covariance equals the 1/B formula entry for entry, and its trace \
            equals Γ/B, in exact arithmetic.
            """)
    }

    static func withoutReplacementControl() throws -> ControlOutcome {
        var figures: [Figure] = []
        for (n, b) in cases where b > 1 {
            let g = try gradients(n)
            let m = try MinibatchGradientCovariance.enumerate(gradients: g, batchSize: b, sampling: .withoutReplacement)
            let naive = try MinibatchGradientCovariance.withReplacementFormula(g, batchSize: b)
            let corrected = try MinibatchGradientCovariance.withoutReplacementFormula(g, batchSize: b)
            let tag = "N=\(n) B=\(b)"
            figures.append(.exact("max |Σ_enum − (1/B)C| \(tag)", try Exact.maxAbsDifference(m.covariance, naive),
                                  requirement: .differsFrom("0"), note: "non-zero: the with-replacement formula is rejected"))
            figures.append(.exact("max |Σ_enum − (N−B)/(B(N−1))C| \(tag)", try Exact.maxAbsDifference(m.covariance, corrected),
                                  requirement: .equals("0"), note: "0: the finite-population form holds exactly"))
            figures.append(.exact("Tr ratio without/with \(tag)", try Exact.trace(m.covariance) / Exact.trace(naive),
                                  requirement: .equals(try Rational(n - b, n - 1).description), note: "must equal (N − B)/(N − 1)"))
        }
        return .fromRequirements(figures, flagged: """
            Without replacement the 1/B formula is rejected for every B > 1 and the (N − B)/(N − 1) correction holds exactly.
            """)
    }
}
