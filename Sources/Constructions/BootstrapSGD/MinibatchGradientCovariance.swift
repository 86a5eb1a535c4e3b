import Numerics

/// How a minibatch of B indices is drawn from the N training samples.
public enum MinibatchSampling: String, Sendable, Codable, CaseIterable {
    /// B indices i.i.d. uniform on {1..N} (the setting of the paper's eq. 10).
    case withReplacement = "with replacement"
    /// B distinct indices, every ordered B-tuple equally likely.
    case withoutReplacement = "without replacement"
}

/// First and second moments of the minibatch gradient g_B = (1/B) Σ_b g_{i_b} over every equally
/// likely ordered batch: exact in `Rational`, rounded in `Double`/`Float80`.
public struct MinibatchMoments<T: FieldElement>: Sendable {
    public let mean: [T]
    /// Cov(g_B) = E[(g_B − E g_B)(g_B − E g_B)ᵀ], computed in two passes (mean, then centred
    /// second moment), which is also the numerically stable order in floating point.
    public let covariance: [[T]]
    /// Number of equally likely ordered batches enumerated.
    public let batchCount: Int

    @inlinable
    public init(mean: [T], covariance: [[T]], batchCount: Int) {
        self.mean = mean; self.covariance = covariance; self.batchCount = batchCount
    }

    /// Tr Cov(g_B).
    public func trace() throws -> T {
        var s = T.zero
        for k in 0..<covariance.count { s = try s.adding(covariance[k][k]) }
        return s
    }
}

/// The minibatch gradient covariance Σ_S^B, by exhaustive enumeration, by closed form, and by
/// Monte Carlo; and the gradient-variance functional Γ(θ) = (1/N) Σ ‖g_i − ḡ‖² that the paper
/// builds its regularizers from. Every routine is written once over `FieldElement`, so the
/// exact tier (Rational) and the numerical tier (Double, Float80) run the same code.
public enum MinibatchGradientCovariance {
    /// Enumeration is refused beyond this many ordered batches (keeps the exact tier fast).
    public static let enumerationLimit = 2_000_000

    /// Enumerates every ordered batch and returns the mean and covariance of g_B.
    /// Throws for empty or ragged gradients, B < 1, B > N without replacement, or more than
    /// `enumerationLimit` batches.
    @inlinable
    public static func enumerate<T: FieldElement>(gradients: [[T]], batchSize b: Int, sampling: MinibatchSampling) throws -> MinibatchMoments<T> {
        let n = try validate(gradients, batchSize: b, sampling: sampling)
        let total = try batchTotal(n: n, b: b)
        let d = gradients[0].count
        let invB = try T.one.divided(by: T(b))
        // Pass 1 collects the batch gradients and their mean; pass 2 the centred second moment.
        var batches: [[T]] = []
        batches.reserveCapacity(min(total, 4096))
        var index = Array(repeating: 0, count: b)
        for _ in 0..<total {
            if sampling == .withReplacement || Set(index).count == b {
                var g = Array(repeating: T.zero, count: d)
                for i in index { g = try FieldVector.add(g, gradients[i]) }
                batches.append(try FieldVector.scale(g, by: invB))
            }
            // Odometer increment over {0..N−1}^B.
            var k = b - 1
            while k >= 0 {
                index[k] += 1
                if index[k] < n { break }
                index[k] = 0
                k -= 1
            }
        }
        let mean = try FieldVector.mean(batches)
        let invCount = try T.one.divided(by: T(batches.count))
        var cov = Array(repeating: Array(repeating: T.zero, count: d), count: d)
        for g in batches {
            let r = try FieldVector.subtract(g, mean)
            for k in 0..<d { for l in 0..<d { cov[k][l] = try cov[k][l].adding(r[k].multiplied(by: r[l])) } }
        }
        cov = try cov.map { try FieldVector.scale($0, by: invCount) }
        return MinibatchMoments(mean: mean, covariance: cov, batchCount: batches.count)
    }

    /// N^B, or a typed error when it exceeds `enumerationLimit` (or overflows).
    @usableFromInline
    static func batchTotal(n: Int, b: Int) throws -> Int {
        var total = 1
        for _ in 0..<b {
            let (t, o) = total.multipliedReportingOverflow(by: n)
            guard !o, t <= enumerationLimit else {
                throw NumericsError.invalidArgument(operation: "minibatch enumeration", detail: "N^B exceeds \(enumerationLimit) batches (N = \(n), B = \(b))")
            }
            total = t
        }
        return total
    }

    /// The per-sample gradient covariance C = (1/N) Σ (g_i − ḡ)(g_i − ḡ)ᵀ (population normalisation).
    @inlinable
    public static func sampleGradientCovariance<T: FieldElement>(_ gradients: [[T]]) throws -> [[T]] {
        let n = try validate(gradients, batchSize: 1, sampling: .withReplacement)
        let mean = try meanGradient(gradients)
        let d = mean.count
        let invN = try T.one.divided(by: T(n))
        var c = Array(repeating: Array(repeating: T.zero, count: d), count: d)
        for g in gradients {
            let r = try FieldVector.subtract(g, mean)
            for k in 0..<d { for l in 0..<d { c[k][l] = try c[k][l].adding(r[k].multiplied(by: r[l])) } }
        }
        return try c.map { try FieldVector.scale($0, by: invN) }
    }

    /// ḡ = (1/N) Σ g_i.
    @inlinable
    public static func meanGradient<T: FieldElement>(_ gradients: [[T]]) throws -> [T] {
        _ = try validate(gradients, batchSize: 1, sampling: .withReplacement)
        return try FieldVector.mean(gradients)
    }

    /// Γ(θ) = (1/N) Σ ‖g_i − ḡ‖², the paper's gradient-variance functional: the one
    /// implementation used by the exact, numerical and automatic-differentiation paths.
    @inlinable
    public static func gradientVariance<T: FieldElement>(_ gradients: [[T]]) throws -> T {
        let mean = try meanGradient(gradients)
        var s = T.zero
        for g in gradients {
            for k in 0..<mean.count {
                let r = try g[k].subtracting(mean[k])
                s = try s.adding(r.multiplied(by: r))
            }
        }
        return try s.multiplied(by: T.one.divided(by: T(gradients.count)))
    }

    /// The closed form the claim states, Σ_S^B = (1/B)·C, for sampling with replacement.
    @inlinable
    public static func withReplacementFormula<T: FieldElement>(_ gradients: [[T]], batchSize b: Int) throws -> [[T]] {
        _ = try validate(gradients, batchSize: b, sampling: .withReplacement)
        let s = try T.one.divided(by: T(b))
        return try sampleGradientCovariance(gradients).map { try FieldVector.scale($0, by: s) }
    }

    /// The finite-population closed form without replacement: (N − B)/(B(N − 1))·C (N > 1).
    @inlinable
    public static func withoutReplacementFormula<T: FieldElement>(_ gradients: [[T]], batchSize b: Int) throws -> [[T]] {
        let n = try validate(gradients, batchSize: b, sampling: .withoutReplacement)
        let d = gradients[0].count
        guard n > 1 else { return Array(repeating: Array(repeating: T.zero, count: d), count: d) }
        let s = try T(n - b).divided(by: T(b * (n - 1)))
        return try sampleGradientCovariance(gradients).map { try FieldVector.scale($0, by: s) }
    }

    /// Monte Carlo estimate of Tr Σ_S^B = E‖g_B − ḡ‖² from `draws` random batches, with its
    /// standard error. Throws for fewer than two draws or invalid batch sizes.
    public static func monteCarloTrace(_ gradients: [[Double]], batchSize b: Int, sampling: MinibatchSampling,
                                       draws: Int, using rng: inout SeededGenerator) throws -> (mean: Double, standardError: Double) {
        let n = try validate(gradients, batchSize: b, sampling: sampling)
        guard draws >= 2 else { throw NumericsError.invalidArgument(operation: "monteCarloTrace", detail: "need ≥ 2 draws, got \(draws)") }
        let mean = try meanGradient(gradients)
        let d = mean.count
        var w = Welford<Double>()
        var gb = Array(repeating: 0.0, count: d)
        for _ in 0..<draws {
            let idx = sampling == .withReplacement
                ? try rng.sampleWithReplacement(from: n, count: b)
                : try rng.sampleWithoutReplacement(from: n, count: b)
            for k in 0..<d { gb[k] = 0 }
            for i in idx { for k in 0..<d { gb[k] += gradients[i][k] } }
            var s = 0.0
            for k in 0..<d { let r = gb[k] / Double(b) - mean[k]; s += r * r }
            try w.add(s)
        }
        return (w.mean, try w.standardError())
    }

    @inlinable @discardableResult
    static func validate<T>(_ gradients: [[T]], batchSize b: Int, sampling: MinibatchSampling) throws -> Int {
        guard let first = gradients.first else { throw NumericsError.empty(operation: "minibatch gradients") }
        guard !first.isEmpty else { throw NumericsError.invalidArgument(operation: "minibatch gradients", detail: "gradients have dimension 0") }
        for (i, g) in gradients.enumerated() where g.count != first.count {
            throw NumericsError.dimensionMismatch(operation: "minibatch gradients", expected: "dimension \(first.count)", got: "\(g.count) at sample \(i)")
        }
        guard b >= 1 else { throw NumericsError.invalidArgument(operation: "minibatch", detail: "batch size \(b) must be ≥ 1") }
        if sampling == .withoutReplacement && b > gradients.count {
            throw NumericsError.invalidArgument(operation: "minibatch", detail: "batch size \(b) exceeds N = \(gradients.count) without replacement")
        }
        return gradients.count
    }
}
