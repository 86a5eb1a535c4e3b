import Foundation

/// Running mean and variance by Welford's update (numerically stable, one pass).
///
/// The accumulators are kept for the data scaled by 2^(−e), where 2^e is the binade of the
/// largest observation so far (rescaled, exactly, when a larger one arrives). Scaling by a
/// power of two commutes with every rounding, so the results are bit-identical to the
/// unscaled update whenever that one did not overflow or underflow — but x − mean and
/// (x − mean)² can no longer overflow for observations near ±greatestFiniteMagnitude, and
/// subnormal observations are computed with full precision.
public struct Welford<T: RealFloat>: Sendable {
    /// Number of observations added.
    public private(set) var count = 0
    private var scaledMean = T.zero
    private var scaledM2 = T.zero
    private var exponent = 0

    /// No observations: count 0, mean 0; variance and standard error throw until count ≥ 2.
    public init() {}

    /// Running mean (0 before the first observation). Always finite: it lies within the range
    /// of the observations up to rounding.
    public var mean: T { Vector.timesPowerOfTwo(scaledMean, exponent) }

    /// Adds one observation.
    /// - Throws: `.nonFinite` for NaN or ±∞ (the observation is not added); `.invalidArgument`
    ///   if `count` would exceed `Int.max`.
    public mutating func add(_ x: T) throws {
        guard x.isFinite else { throw NumericsError.nonFinite(operation: "Welford.add", detail: "observation \(x)") }
        let (n, overflow) = count.addingReportingOverflow(1)
        guard !overflow else { throw NumericsError.invalidArgument(operation: "Welford.add", detail: "more than Int.max observations") }
        if x != .zero {
            let e = Int(x.exponent)
            // Rescale (exactly) when x is in a higher binade, or when everything so far was zero.
            if e > exponent || (scaledMean == .zero && scaledM2 == .zero) {
                scaledMean = Vector.timesPowerOfTwo(scaledMean, exponent - e)
                scaledM2 = Vector.timesPowerOfTwo(scaledM2, 2 * (exponent - e))
                exponent = e
            }
        }
        let xs = Vector.timesPowerOfTwo(x, -exponent) // |xs| < 2
        count = n
        let delta = xs - scaledMean
        scaledMean += delta / T(count)
        scaledM2 += delta * (xs - scaledMean)
    }

    /// Unbiased sample variance Σ(x − x̄)²/(n − 1).
    /// - Throws: `.invalidArgument` with fewer than two observations; `.outOfRange` when the
    ///   variance exceeds `greatestFiniteMagnitude` (spreads above about 1.3e154 in Double —
    ///   `standardError()` is still available). A variance below the normal range is rounded
    ///   gradually (absolute error at most half the least subnormal number).
    public func variance() throws -> T {
        guard count >= 2 else { throw NumericsError.invalidArgument(operation: "variance", detail: "need ≥ 2 observations, have \(count)") }
        let v = Vector.timesPowerOfTwo(scaledM2 / T(count - 1), 2 * exponent)
        guard v.isFinite else {
            throw NumericsError.outOfRange(operation: "variance", detail: "the sample variance exceeds the largest finite value; use the standard error or rescale the data")
        }
        return v
    }

    /// Standard error of the mean, sqrt(s² / n), computed in scaled units, so it is available
    /// whenever it is itself representable even if s² is not.
    /// - Throws: `.invalidArgument` with fewer than two observations; `.outOfRange` if the
    ///   standard error itself exceeds `greatestFiniteMagnitude`.
    public func standardError() throws -> T {
        guard count >= 2 else { throw NumericsError.invalidArgument(operation: "variance", detail: "need ≥ 2 observations, have \(count)") }
        let se = Vector.timesPowerOfTwo((scaledM2 / T(count - 1) / T(count)).squareRoot(), exponent)
        guard se.isFinite else {
            throw NumericsError.outOfRange(operation: "standard error", detail: "the standard error exceeds the largest finite value")
        }
        return se
    }
}

/// A two-sided confidence interval; both endpoints are finite (`confidenceInterval` throws otherwise).
public struct ConfidenceInterval: Equatable, Sendable {
    public let lower: Double
    public let upper: Double
    public let level: Double
    /// lower ≤ x ≤ upper; false for NaN.
    public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }
}

/// A least-squares line y ≈ intercept + slope·x with classical standard errors.
public struct LineFit: Equatable, Sendable {
    public let slope: Double
    public let intercept: Double
    public let slopeStandardError: Double
    public let interceptStandardError: Double
    /// sqrt(RSS / (n − 2)).
    public let residualStandardDeviation: Double
    public let count: Int
}

/// Descriptive statistics on Double data. Every function throws `.nonFinite` for NaN or ±∞ data
/// and `.invalidArgument` for NaN probabilities or levels (normalCDF alone propagates NaN), and
/// none overflows on finite data: results beyond the largest Double are `.outOfRange`.
public enum Statistics {
    /// Standard normal CDF Φ(x) = erfc(−x/√2)/2. Total: Φ(−∞) = 0, Φ(+∞) = 1, and NaN
    /// propagates (Φ(NaN) is NaN; this function does not throw).
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for 0 < p < 1, by bisection on `normalCDF` to full Double resolution
    /// (200 halvings of [−40, 40] reach adjacent floating-point numbers). Always finite.
    /// Throws `.invalidArgument` for p outside (0, 1), NaN included.
    public static func normalQuantile(_ p: Double) throws -> Double {
        guard p.isFinite, p > 0, p < 1 else {
            throw NumericsError.invalidArgument(operation: "normalQuantile", detail: "probability \(p) must lie in (0, 1)")
        }
        var lo = -40.0, hi = 40.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid == lo || mid == hi { break }
            if normalCDF(mid) < p { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Wilson score interval for a binomial proportion (successes of trials) at a two-sided level.
    /// Throws `.invalidArgument` for trials < 1, successes outside 0…trials, or a level outside (0, 1).
    public static func wilsonInterval(successes k: Int, trials n: Int, level: Double) throws -> ConfidenceInterval {
        guard n >= 1, k >= 0, k <= n else {
            throw NumericsError.invalidArgument(operation: "wilsonInterval", detail: "\(k) successes of \(n) trials: need 0 ≤ successes ≤ trials, trials ≥ 1")
        }
        guard level > 0, level < 1 else { throw NumericsError.invalidArgument(operation: "wilsonInterval", detail: "level \(level) must lie in (0, 1)") }
        let z = try normalQuantile(0.5 + level / 2)
        let nn = Double(n), share = Double(k) / nn
        let center = (share + z * z / (2 * nn)) / (1 + z * z / nn)
        let half = z / (1 + z * z / nn) * (share * (1 - share) / nn + z * z / (4 * nn * nn)).squareRoot()
        return ConfidenceInterval(lower: max(0, center - half), upper: min(1, center + half), level: level)
    }

    /// Normal-approximation interval mean ± z_{(1+level)/2}·se.
    ///
    /// When z·se overflows although the endpoints might not, the endpoints are recomputed from
    /// halves (mean/2 ± z·(se/2))·2, exact scalings for these magnitudes.
    /// - Throws: `.nonFinite` for a non-finite mean or standard error, and for a negative
    ///   standard error; `.invalidArgument` for a level outside (0, 1), NaN included;
    ///   `.outOfRange` when an endpoint lies beyond ±greatestFiniteMagnitude (an interval with an
    ///   infinite endpoint is never returned).
    public static func confidenceInterval(mean: Double, standardError: Double, level: Double) throws -> ConfidenceInterval {
        guard mean.isFinite, standardError.isFinite, standardError >= 0 else {
            throw NumericsError.nonFinite(operation: "confidenceInterval", detail: "mean \(mean), standard error \(standardError)")
        }
        guard level > 0, level < 1 else {
            throw NumericsError.invalidArgument(operation: "confidenceInterval", detail: "level \(level) must lie in (0, 1)")
        }
        let z = try normalQuantile(0.5 + level / 2)
        var lower = mean - z * standardError, upper = mean + z * standardError
        if !lower.isFinite || !upper.isFinite {
            // Only reached for magnitudes near 1e308, where halving is exact.
            let m = mean / 2, h = z * (standardError / 2)
            lower = 2 * (m - h)
            upper = 2 * (m + h)
        }
        guard lower.isFinite, upper.isFinite else {
            throw NumericsError.outOfRange(operation: "confidenceInterval", detail: "mean \(mean) ± \(z) × \(standardError) exceeds the largest finite value")
        }
        return ConfidenceInterval(lower: lower, upper: upper, level: level)
    }

    /// Sample quantile with linear interpolation between order statistics (Hyndman–Fan type 7):
    /// with h = (n − 1)p, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
    ///
    /// Never overflows for finite data: when the two order statistics have opposite signs (their
    /// difference could exceed the largest Double) the same point is computed as the convex
    /// combination (1 − f)·a + f·b, and the result is clamped to [a, b]; an exact order
    /// statistic (f = 0) is returned as is. Scaling the data by a power of two scales the
    /// quantile by the same power exactly.
    /// - Throws: `.empty` for no data; `.nonFinite` for a NaN or ±∞ observation;
    ///   `.invalidArgument` for p outside [0, 1], NaN included.
    public static func quantile(_ xs: [Double], _ p: Double) throws -> Double {
        guard !xs.isEmpty else { throw NumericsError.empty(operation: "quantile") }
        try xs.requireFinite("quantile")
        guard p.isFinite, p >= 0, p <= 1 else {
            throw NumericsError.invalidArgument(operation: "quantile", detail: "probability \(p) must lie in [0, 1]")
        }
        let s = xs.sorted()
        let h = Double(s.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, s.count - 1)
        let f = h - Double(lo)
        let a = s[lo], b = s[hi]
        if f == 0 || a == b { return a }
        let q = (a < 0) == (b < 0) ? a + f * (b - a) : (1 - f) * a + f * b
        return Swift.min(Swift.max(q, a), b)
    }

    /// Ordinary least-squares line with standard errors; needs n ≥ 3 and x not constant.
    ///
    /// x and y are first scaled by powers of two (max |x_i| and max |y_i| into [1, 2)), which is
    /// exact, so the sums Σx, Σ(x − x̄)², Σ(x − x̄)(y − ȳ) and the residual sum of squares cannot
    /// overflow or underflow; the fit is scaled back exactly (slope by 2^(kx−ky)), bit-identical
    /// to the unscaled computation whenever that did not overflow or underflow.
    /// - Throws: `.dimensionMismatch`; `.invalidArgument` for fewer than 3 points or constant x;
    ///   `.nonFinite` for a NaN or ±∞ in x or y; `.outOfRange` when the slope, the intercept, a
    ///   standard error or the residual standard deviation exceeds `greatestFiniteMagnitude`
    ///   (e.g. tiny x spacing with huge y). Results below the normal range round gradually.
    public static func linearFit(x rawX: [Double], y rawY: [Double]) throws -> LineFit {
        guard rawX.count == rawY.count else {
            throw NumericsError.dimensionMismatch(operation: "linearFit", expected: "\(rawX.count) responses", got: "\(rawY.count)")
        }
        guard rawX.count >= 3 else {
            throw NumericsError.invalidArgument(operation: "linearFit", detail: "need ≥ 3 points for standard errors, have \(rawX.count)")
        }
        try rawX.requireFinite("linearFit x")
        try rawY.requireFinite("linearFit y")
        let kx = Vector.unitRangeExponent(Vector.maxAbs(rawX)), ky = Vector.unitRangeExponent(Vector.maxAbs(rawY))
        let x = rawX.map { Vector.timesPowerOfTwo($0, kx) }, y = rawY.map { Vector.timesPowerOfTwo($0, ky) }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for i in 0..<x.count { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my) }
        guard sxx > 0 else { throw NumericsError.invalidArgument(operation: "linearFit", detail: "x values are all equal") }
        let slope = sxy / sxx
        let intercept = my - slope * mx
        var rss = 0.0
        for i in 0..<x.count { let r = y[i] - intercept - slope * x[i]; rss += r * r }
        let s2 = rss / (n - 2)
        // y = 2^(−ky)·y_s and x = 2^(−kx)·x_s: slope and its error scale by 2^(kx − ky), the rest by 2^(−ky).
        let fit = LineFit(slope: Vector.timesPowerOfTwo(slope, kx - ky),
                          intercept: Vector.timesPowerOfTwo(intercept, -ky),
                          slopeStandardError: Vector.timesPowerOfTwo((s2 / sxx).squareRoot(), kx - ky),
                          interceptStandardError: Vector.timesPowerOfTwo((s2 * (1 / n + mx * mx / sxx)).squareRoot(), -ky),
                          residualStandardDeviation: Vector.timesPowerOfTwo(s2.squareRoot(), -ky), count: x.count)
        for (name, v) in [("slope", fit.slope), ("intercept", fit.intercept), ("slope standard error", fit.slopeStandardError),
                          ("intercept standard error", fit.interceptStandardError),
                          ("residual standard deviation", fit.residualStandardDeviation)] where !v.isFinite {
            throw NumericsError.outOfRange(operation: "linearFit", detail: "the \(name) exceeds the largest finite value")
        }
        return fit
    }
}
