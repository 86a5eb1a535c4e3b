import Numerics

/// Spearman's rank correlation between the positions 0…k−1 and a series, with its exact one-sided
/// permutation p-value: the fraction of the k! orderings whose correlation is at least the observed
/// one (every ordering equally likely under "no trend"). Enumerated by Heap's algorithm, keeping
/// Σ_i i·π(i) up to date in O(1) per swap, so k ≤ 10 (3.6 million orderings) is cheap.
public enum TrendTest {
    public struct Result: Sendable, Equatable {
        /// ρ = 1 − 6Σd²/(k(k² − 1)).
        public let spearman: Double
        /// P(ρ_π ≥ ρ) under uniform random orderings, exactly.
        public let pValue: Rational
    }

    /// Throws `.invalidArgument` naming `series` for fewer than 3 or more than 10 values, `.nonFinite`
    /// for NaN or ±∞, and for tied values (ranks would be ambiguous).
    public static func increasing(_ series: [Double]) throws -> Result {
        let k = series.count
        guard k >= 3, k <= 10 else { throw NumericsError.invalidArgument(operation: "TrendTest.increasing", detail: "series: need 3…10 values, got \(k)") }
        try series.requireFinite("TrendTest.increasing series")
        guard Set(series).count == k else { throw NumericsError.invalidArgument(operation: "TrendTest.increasing", detail: "series: tied values") }
        let order = series.indices.sorted { series[$0] < series[$1] }
        var rank = [Int](repeating: 0, count: k)
        for (r, i) in order.enumerated() { rank[i] = r }
        // ρ is increasing in S = Σ_i i·rank(i); count orderings π with Σ_i i·π(i) ≥ S.
        let observed = (0..<k).reduce(0) { $0 + $1 * rank[$1] }
        var pi = Array(0..<k)
        var sum = (0..<k).reduce(0) { $0 + $1 * $1 }
        var count = sum >= observed ? 1 : 0, total = 1
        var c = [Int](repeating: 0, count: k)
        var i = 1
        while i < k {
            if c[i] < i {
                let j = i % 2 == 0 ? 0 : c[i]
                sum += (j - i) * (pi[i] - pi[j]) // swapping the values at positions i and j
                pi.swapAt(i, j)
                total += 1
                if sum >= observed { count += 1 }
                c[i] += 1
                i = 1
            } else {
                c[i] = 0
                i += 1
            }
        }
        var d2 = 0
        for i in 0..<k { d2 += (i - rank[i]) * (i - rank[i]) }
        let rho = 1 - 6 * Double(d2) / Double(k * (k * k - 1))
        return Result(spearman: rho, pValue: try Rational(count, total))
    }
}

/// The exact one-sided sign test: P(Bin(m, ½) ≥ k), the p-value of "k of m independent pairs show a
/// positive effect" under a median-zero null.
public enum SignTest {
    /// Throws `.invalidArgument` naming `trials` outside 1…100 (2^m must fit the exact arithmetic).
    public static func upperTail(trials m: Int, atLeast k: Int) throws -> Rational {
        guard m >= 1, m <= 100 else { throw NumericsError.invalidArgument(operation: "SignTest.upperTail", detail: "trials = \(m) must lie in 1…100") }
        var total = Rational.zero, c = Rational.one // c = binomial(m, j)
        for j in 0...m {
            if j >= k { total = try total + c }
            c = try c * Rational(m - j) / Rational(j + 1)
        }
        return try total / Rational(Int128(1) << Int128(m), 1)
    }
}
