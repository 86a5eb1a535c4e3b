import Foundation

/// Running mean and variance by Welford's update (numerically stable, one pass).
public struct Welford<T: RealFloat>: Sendable {
    public private(set) var count = 0
    public private(set) var mean = T.zero
    private var m2 = T.zero

    public init() {}

    /// Adds one observation; throws `.nonFinite` for NaN or ±∞.
    public mutating func add(_ x: T) throws {
        guard x.isFinite else { throw NumericsError.nonFinite(operation: "Welford.add", detail: "observation \(x)") }
        count += 1
        let delta = x - mean
        mean += delta / T(count)
        m2 += delta * (x - mean)
    }

    /// Unbiased sample variance; needs at least two observations.
    public func variance() throws -> T {
        guard count >= 2 else { throw NumericsError.invalidArgument(operation: "variance", detail: "need ≥ 2 observations, have \(count)") }
        return m2 / T(count - 1)
    }

    /// Standard error of the mean, sqrt(s² / n).
    public func standardError() throws -> T { (try variance() / T(count)).squareRoot() }
}

/// A two-sided confidence interval.
public struct ConfidenceInterval: Equatable, Sendable {
    public let lower: Double
    public let upper: Double
    public let level: Double
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

public enum Statistics {
    /// Standard normal CDF Φ(x) = erfc(−x/√2)/2.
    public static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// Φ⁻¹(p) for 0 < p < 1, by bisection on `normalCDF` to full Double resolution
    /// (200 halvings of [−40, 40] reach adjacent floating-point numbers).
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

    /// Normal-approximation interval mean ± z_{(1+level)/2}·se.
    public static func confidenceInterval(mean: Double, standardError: Double, level: Double) throws -> ConfidenceInterval {
        guard mean.isFinite, standardError.isFinite, standardError >= 0 else {
            throw NumericsError.nonFinite(operation: "confidenceInterval", detail: "mean \(mean), standard error \(standardError)")
        }
        guard level > 0, level < 1 else {
            throw NumericsError.invalidArgument(operation: "confidenceInterval", detail: "level \(level) must lie in (0, 1)")
        }
        let z = try normalQuantile(0.5 + level / 2)
        return ConfidenceInterval(lower: mean - z * standardError, upper: mean + z * standardError, level: level)
    }

    /// Sample quantile with linear interpolation between order statistics (Hyndman–Fan type 7).
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
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }

    /// Ordinary least-squares line with standard errors; needs n ≥ 3 and x not constant.
    public static func linearFit(x: [Double], y: [Double]) throws -> LineFit {
        guard x.count == y.count else {
            throw NumericsError.dimensionMismatch(operation: "linearFit", expected: "\(x.count) responses", got: "\(y.count)")
        }
        guard x.count >= 3 else {
            throw NumericsError.invalidArgument(operation: "linearFit", detail: "need ≥ 3 points for standard errors, have \(x.count)")
        }
        try x.requireFinite("linearFit x")
        try y.requireFinite("linearFit y")
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
        return LineFit(slope: slope, intercept: intercept,
                       slopeStandardError: (s2 / sxx).squareRoot(),
                       interceptStandardError: (s2 * (1 / n + mx * mx / sxx)).squareRoot(),
                       residualStandardDeviation: s2.squareRoot(), count: x.count)
    }
}
