import Numerics

/// How a minibatch of B indices is drawn from the N training samples.
public enum MinibatchSampling: String, Sendable, CaseIterable {
    /// B indices i.i.d. uniform on {1..N} (the setting of the paper's eq. 10).
    case withReplacement = "with replacement"
    /// B distinct indices, every ordered B-tuple equally likely.
    case withoutReplacement = "without replacement"
}

/// Exact first and second moments of the minibatch gradient g_B = (1/B) Σ_b g_{i_b}.
public struct ExactMinibatchMoments: Sendable {
    public let mean: [Rational]
    public let covariance: [[Rational]]
    /// Number of equally likely ordered batches enumerated.
    public let batchCount: Int
}

/// The minibatch gradient covariance Σ_S^B, by exhaustive enumeration and by closed form.
public enum MinibatchGradientCovariance {
    /// Enumeration is refused beyond this many ordered batches (keeps the exact tier fast).
    public static let enumerationLimit = 2_000_000

    /// Enumerates every ordered batch and returns the exact mean and covariance of g_B.
    /// Throws for empty or ragged gradients, B < 1, B > N without replacement, or too many batches.
    public static func enumerate(gradients: [[Rational]], batchSize b: Int, sampling: MinibatchSampling) throws -> ExactMinibatchMoments {
        let n = try validate(gradients, batchSize: b, sampling: sampling)
        var total = 1
        for _ in 0..<b {
            let (t, o) = total.multipliedReportingOverflow(by: n)
            guard !o, t <= enumerationLimit else {
                throw NumericsError.invalidArgument(operation: "minibatch enumeration", detail: "N^B exceeds \(enumerationLimit) batches (N = \(n), B = \(b))")
            }
            total = t
        }
        let d = gradients[0].count
        let invB = try Rational(1, b)
        var sum = Array(repeating: Rational.zero, count: d)
        var second = Exact.zeros(d, d)
        var count = 0
        var index = Array(repeating: 0, count: b)
        for _ in 0..<total {
            if sampling == .withReplacement || Set(index).count == b {
                var g = Array(repeating: Rational.zero, count: d)
                for i in index { g = try Exact.add(g, gradients[i]) }
                g = try Exact.scale(g, by: invB)
                sum = try Exact.add(sum, g)
                second = try Exact.add(second, Exact.outer(g, g))
                count += 1
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
        let invCount = try Rational(1, count)
        let mean = try Exact.scale(sum, by: invCount)
        let cov = try Exact.subtract(Exact.scale(second, by: invCount), Exact.outer(mean, mean))
        return ExactMinibatchMoments(mean: mean, covariance: cov, batchCount: count)
    }

    /// The per-sample gradient covariance C = (1/N) Σ g_i g_iᵀ − ḡḡᵀ (population normalisation).
    public static func sampleGradientCovariance(_ gradients: [[Rational]]) throws -> [[Rational]] {
        let n = try validate(gradients, batchSize: 1, sampling: .withReplacement)
        let invN = try Rational(1, n)
        let mean = try meanGradient(gradients)
        var second = Exact.zeros(mean.count, mean.count)
        for g in gradients { second = try Exact.add(second, Exact.outer(g, g)) }
        return try Exact.subtract(Exact.scale(second, by: invN), Exact.outer(mean, mean))
    }

    /// ḡ = (1/N) Σ g_i.
    public static func meanGradient(_ gradients: [[Rational]]) throws -> [Rational] {
        let n = try validate(gradients, batchSize: 1, sampling: .withReplacement)
        var s = Array(repeating: Rational.zero, count: gradients[0].count)
        for g in gradients { s = try Exact.add(s, g) }
        return try Exact.scale(s, by: Rational(1, n))
    }

    /// Γ(θ) = (1/N) Σ ‖g_i − ḡ‖² (the paper's gradient-variance functional).
    public static func gradientVariance(_ gradients: [[Rational]]) throws -> Rational {
        let mean = try meanGradient(gradients)
        let s = try Rational.sum(gradients.map { try Exact.squaredNorm(Exact.subtract($0, mean)) })
        return try s / Rational(gradients.count)
    }

    /// The closed form the claim states, Σ_S^B = (1/B)·C, for sampling with replacement.
    public static func withReplacementFormula(_ gradients: [[Rational]], batchSize b: Int) throws -> [[Rational]] {
        _ = try validate(gradients, batchSize: b, sampling: .withReplacement)
        return try Exact.scale(sampleGradientCovariance(gradients), by: Rational(1, b))
    }

    /// The finite-population closed form without replacement: (N − B)/(B(N − 1))·C (N > 1).
    public static func withoutReplacementFormula(_ gradients: [[Rational]], batchSize b: Int) throws -> [[Rational]] {
        let n = try validate(gradients, batchSize: b, sampling: .withoutReplacement)
        guard n > 1 else { return Exact.zeros(gradients[0].count, gradients[0].count) }
        return try Exact.scale(sampleGradientCovariance(gradients), by: Rational(n - b, b * (n - 1)))
    }

    @discardableResult
    static func validate(_ gradients: [[Rational]], batchSize b: Int, sampling: MinibatchSampling) throws -> Int {
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
