import Numerics

/// Shared driver for the diagonal-linear-network experiments (BS-DLN, BS-LR): one regularizer
/// configuration on one data seed, paired with plain SGD through the same data and index stream.
public enum DLNExperiment {
    /// Data seed s → index stream seed (the same for every configuration of that data seed: paired).
    public static func indexSeed(_ dataSeed: UInt64) -> UInt64 { 900_000 &+ dataSeed }

    public struct Outcome: Sendable {
        public let run: DiagonalLinearNetwork.Outcome
        /// Test loss ½‖θ − θ*‖² (nil when diverged).
        public let testLoss: Double?
        public var failed: Bool { run != .interpolating }
    }

    public static func run(seed: UInt64, configuration: DiagonalLinearNetwork.Configuration) throws -> Outcome {
        let data = try SparseRegressionData(seed: seed)
        let indices = try DiagonalLinearNetwork.indexStream(n: data.n, steps: configuration.steps, seed: indexSeed(seed))
        let r = try DiagonalLinearNetwork(data: data, configuration: configuration).train(indices: indices)
        return Outcome(run: r.outcome, testLoss: r.testLoss)
    }

    /// Paired differences baseline − method for a one-sided test of "method is better"; a failed
    /// method run counts as a loss with a difference below every finite one (only its rank matters),
    /// and a failed baseline run as a win above every finite one.
    public static func pairedDifferences(baseline: [Outcome], method: [Outcome]) -> [Double] {
        let finite = zip(baseline, method).compactMap { b, m -> Double? in
            guard let x = b.testLoss, let y = m.testLoss, !b.failed, !m.failed else { return nil }
            return x - y
        }
        let big = (finite.map(abs).max() ?? 1) * 2 + 1
        return zip(baseline, method).map { b, m in
            if m.failed && !b.failed { return -big }
            if b.failed && !m.failed { return big }
            if b.failed && m.failed { return 0 }
            return b.testLoss! - m.testLoss! // both interpolating: finite test losses
        }
    }

    /// Mean, a 95% normal-approximation half-width and the median of the finite test losses.
    public static func summary(_ xs: [Double]) throws -> (mean: Double, halfWidth: Double, median: Double) {
        guard xs.count >= 2 else { return (xs.first ?? .nan, .infinity, xs.first ?? .nan) }
        var w = Welford<Double>()
        for x in xs { try w.add(x) }
        return (w.mean, 1.96 * (try w.standardError()), try Statistics.quantile(xs, 0.5))
    }

    /// Paired bootstrap percentile interval of the relative reduction 1 − mean(method)/mean(baseline).
    public static func relativeReductionInterval(baseline: [Double], method: [Double], resamples: Int, seed: UInt64) throws -> (estimate: Double, lower: Double, upper: Double) {
        guard baseline.count == method.count, baseline.count >= 2 else {
            throw NumericsError.invalidArgument(operation: "relativeReductionInterval", detail: "need ≥ 2 paired values of equal count")
        }
        let n = baseline.count
        let est = 1 - method.reduce(0, +) / baseline.reduce(0, +)
        var rng = SeededGenerator(seed: seed)
        var values: [Double] = []
        for _ in 0..<resamples {
            var sb = 0.0, sm = 0.0
            for _ in 0..<n { let i = try rng.int(below: n); sb += baseline[i]; sm += method[i] }
            values.append(1 - sm / sb)
        }
        return (est, try Statistics.quantile(values, 0.025), try Statistics.quantile(values, 0.975))
    }
}
