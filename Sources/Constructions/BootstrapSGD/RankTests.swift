import Foundation
import Numerics

/// The small-sample tests paper 001's experiments need: exact binomial tail probabilities (sign
/// test, Clopper–Pearson bounds), the exact Wilcoxon signed-rank test (midranks, by dynamic
/// programming over the doubled rank sums, so ties and any n up to a few hundred are exact), and
/// Spearman's rank correlation with a seeded permutation p-value. Bad input throws a
/// `NumericsError` naming the argument; no function returns NaN.
public enum RankTests {
    /// P(X ≥ k) for X ~ Binomial(n, p), summed in log space (lgamma) so that n up to 10⁶ is fine.
    /// Throws for n < 0, k outside 0…n+1, or p outside [0, 1].
    public static func binomialUpperTail(atLeast k: Int, trials n: Int, probability p: Double) throws -> Double {
        guard n >= 0 else { throw NumericsError.invalidArgument(operation: "binomialUpperTail", detail: "trials n = \(n) must be ≥ 0") }
        guard k >= 0, k <= n + 1 else { throw NumericsError.invalidArgument(operation: "binomialUpperTail", detail: "k = \(k) outside 0…\(n + 1)") }
        guard p.isFinite, p >= 0, p <= 1 else { throw NumericsError.invalidArgument(operation: "binomialUpperTail", detail: "probability p = \(p) outside [0, 1]") }
        if k == 0 { return 1 }
        if k > n { return 0 }
        if p == 0 { return 0 }
        if p == 1 { return 1 }
        var s = 0.0
        for j in k...n {
            let logTerm = lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1)) + Double(j) * log(p) + Double(n - j) * log1p(-p)
            s += exp(logTerm)
        }
        return min(1, s)
    }

    /// One-sided exact sign test: P(X ≥ wins) under Binomial(n, 1/2).
    public static func signTestPValue(wins: Int, trials n: Int) throws -> Double {
        try binomialUpperTail(atLeast: wins, trials: n, probability: 0.5)
    }

    /// Two-sided Clopper–Pearson interval at `level` for k successes in n trials (exact binomial
    /// tails inverted by bisection to 10⁻¹² in p). Throws for n < 1, k outside 0…n, level outside (0, 1).
    public static func clopperPearson(successes k: Int, trials n: Int, level: Double) throws -> (lower: Double, upper: Double) {
        guard n >= 1 else { throw NumericsError.invalidArgument(operation: "clopperPearson", detail: "trials n = \(n) must be ≥ 1") }
        guard k >= 0, k <= n else { throw NumericsError.invalidArgument(operation: "clopperPearson", detail: "successes k = \(k) outside 0…\(n)") }
        guard level.isFinite, level > 0, level < 1 else { throw NumericsError.invalidArgument(operation: "clopperPearson", detail: "level \(level) outside (0, 1)") }
        let a = (1 - level) / 2
        // Lower: P(X ≥ k; p) = a (increasing in p). Upper: P(X ≤ k; p) = a, i.e. P(X ≥ k + 1; p) = 1 − a.
        func bisect(_ f: (Double) throws -> Double, _ target: Double) throws -> Double {
            var lo = 0.0, hi = 1.0
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if try f(mid) < target { lo = mid } else { hi = mid }
            }
            return (lo + hi) / 2
        }
        let lower = k == 0 ? 0 : try bisect({ try binomialUpperTail(atLeast: k, trials: n, probability: $0) }, a)
        let upper = k == n ? 1 : try bisect({ try binomialUpperTail(atLeast: k + 1, trials: n, probability: $0) }, 1 - a)
        return (lower, upper)
    }

    /// Midranks (1-based) of `xs`; ties share the mean of their ranks.
    public static func midranks(_ xs: [Double]) throws -> [Double] {
        try xs.requireFinite("midranks")
        let order = xs.indices.sorted { xs[$0] < xs[$1] }
        var ranks = Array(repeating: 0.0, count: xs.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && xs[order[j + 1]] == xs[order[i]] { j += 1 }
            let r = Double(i + j + 2) / 2
            for k in i...j { ranks[order[k]] = r }
            i = j + 1
        }
        return ranks
    }

    public struct SignedRankResult: Sendable, Equatable {
        /// Number of non-zero differences (zeros are dropped, Wilcoxon's convention).
        public let n: Int
        /// Sum of the midranks of the positive differences.
        public let wPlus: Double
        /// Exact one-sided p-value P(W⁺ ≥ observed) under the symmetric null (1 when n = 0).
        public let pValue: Double
    }

    /// Exact one-sided Wilcoxon signed-rank test of "the differences tend to be positive". The
    /// null distribution of W⁺ is enumerated over all 2ⁿ sign patterns of the (doubled, hence
    /// integer) midranks by dynamic programming. Throws for non-finite data or n > 2000.
    public static func wilcoxonSignedRank(_ differences: [Double]) throws -> SignedRankResult {
        try differences.requireFinite("wilcoxonSignedRank differences")
        let nz = differences.filter { $0 != 0 }
        guard nz.count <= 2000 else { throw NumericsError.invalidArgument(operation: "wilcoxonSignedRank", detail: "n = \(nz.count) exceeds 2000") }
        if nz.isEmpty { return SignedRankResult(n: 0, wPlus: 0, pValue: 1) }
        let ranks = try midranks(nz.map(abs))
        let doubled = ranks.map { Int(($0 * 2).rounded()) }
        let observed = zip(nz, doubled).reduce(0) { $0 + ($1.0 > 0 ? $1.1 : 0) }
        let total = doubled.reduce(0, +)
        // counts[s] / 2ⁿ = P(2W⁺ = s); kept as probabilities (each step halves) to stay finite.
        var prob = Array(repeating: 0.0, count: total + 1)
        prob[0] = 1
        var reach = 0
        for r in doubled {
            var next = Array(repeating: 0.0, count: total + 1)
            for s in 0...reach where prob[s] != 0 {
                next[s] += prob[s] / 2
                next[s + r] += prob[s] / 2
            }
            reach += r
            prob = next
        }
        let p = prob[observed...].reduce(0, +)
        return SignedRankResult(n: nz.count, wPlus: Double(observed) / 2, pValue: min(1, p))
    }

    /// Spearman's rank correlation (Pearson correlation of the midranks); 0 when either side is constant.
    public static func spearman(_ x: [Double], _ y: [Double]) throws -> Double {
        guard x.count == y.count else { throw NumericsError.dimensionMismatch(operation: "spearman", expected: "\(x.count) values", got: "\(y.count)") }
        guard x.count >= 2 else { throw NumericsError.invalidArgument(operation: "spearman", detail: "need ≥ 2 pairs, have \(x.count)") }
        return pearson(try midranks(x), try midranks(y))
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for i in a.indices { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb) }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }

    /// Two-sided permutation p-value of Spearman's ρ: (1 + #{|ρ_perm| ≥ |ρ|}) / (1 + permutations),
    /// permutations of y drawn from a seeded generator.
    public static func spearmanPermutationPValue(_ x: [Double], _ y: [Double], permutations: Int, seed: UInt64) throws -> Double {
        guard permutations >= 1 else { throw NumericsError.invalidArgument(operation: "spearmanPermutationPValue", detail: "permutations = \(permutations) must be ≥ 1") }
        let rx = try midranks(x), ry = try midranks(y)
        let observed = abs(pearson(rx, ry))
        var rng = SeededGenerator(seed: seed)
        var hits = 0
        for _ in 0..<permutations {
            let p = try rng.permutation(ry.count)
            if abs(pearson(rx, p.map { ry[$0] })) >= observed - 1e-12 { hits += 1 }
        }
        return Double(1 + hits) / Double(1 + permutations)
    }

    /// The regularized incomplete beta function I_x(a, b) by its continued fraction (modified
    /// Lentz), using the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges slowly.
    static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, b, a) }
        let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)) / a
        let tiny = 1e-300
        var f = 1.0, c = 1.0, d = 0.0
        for i in 0...400 {
            let m = Double(i / 2)
            let numerator: Double
            if i == 0 { numerator = 1 } else if i % 2 == 0 {
                numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            } else {
                numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            }
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            d = 1 / d
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            let cd = c * d
            f *= cd
            if abs(1 - cd) < 1e-15 { break }
        }
        return front * (f - 1)
    }

    /// CDF of Student's t with ν degrees of freedom.
    public static func studentTCDF(_ t: Double, degreesOfFreedom nu: Int) throws -> Double {
        guard nu >= 1 else { throw NumericsError.invalidArgument(operation: "studentTCDF", detail: "degrees of freedom ν = \(nu) must be ≥ 1") }
        guard t.isFinite else { throw NumericsError.nonFinite(operation: "studentTCDF", detail: "t = \(t)") }
        let v = Double(nu)
        let tail = 0.5 * incompleteBeta(v / (v + t * t), v / 2, 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile of Student's t with ν degrees of freedom (bisection on the CDF), 0.5 ≤ p < 1.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Int) throws -> Double {
        guard p.isFinite, p >= 0.5, p < 1 else { throw NumericsError.invalidArgument(operation: "studentTQuantile", detail: "probability p = \(p) must lie in [0.5, 1)") }
        var lo = 0.0, hi = 1.0
        while try studentTCDF(hi, degreesOfFreedom: nu) < p { hi *= 2; guard hi < 1e12 else { throw NumericsError.outOfRange(operation: "studentTQuantile", detail: "quantile beyond 10¹²") } }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if try studentTCDF(mid, degreesOfFreedom: nu) < p { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
