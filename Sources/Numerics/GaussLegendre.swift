import Foundation

/// Gauss–Legendre quadrature on [−1, 1] (and on any [a, b] by the affine map), with an error estimate.
///
/// The n-point rule integrates every polynomial of degree ≤ 2n − 1 exactly up to rounding. Nodes are the roots of
/// the Legendre polynomial P_n, found by Newton's method in `T` from the asymptotic guess cos(π(i − 1/4)/(n + 1/2))
/// (the guess is taken in Double; Newton then converges quadratically in `T`); weights are
/// 2/((1 − x²)·P_n′(x)²). Nodes and weights come out accurate to a few ulps of `T`, so a rule computed in Float80 is a
/// genuinely more precise rule, not a Double rule widened.
///
/// `integrate` doubles the number of points until two successive rules agree: the value is the finer rule, the
/// error estimate |Q_2n − Q_n|. For an integrand analytic on a neighbourhood of [a, b] the error of Q_2n is far
/// below that of Q_n, so the estimate is conservative once the sequence converges; for an integrand with a
/// singularity on [a, b] it is not a bound (convergence is then only algebraic and the estimate tracks the error of
/// Q_n). `magnitude` = (b − a)/2·Σw_i|f(x_i)| is the scale of the rounding error: the computed sum differs from the
/// exact sum of the rule by at most about (2n + c)·ε·magnitude when each f(x_i) has relative error c·ε.
public struct GaussLegendreRule<T: RealFloat>: Sendable {
    public let nodes: [T]
    public let weights: [T]

    /// Throws `.invalidArgument` for points < 1 or above 4096, `.noConvergence` if Newton fails (it does not for
    /// the allowed range).
    public init(points n: Int) throws {
        guard n >= 1, n <= 4096 else {
            throw NumericsError.invalidArgument(operation: "GaussLegendreRule", detail: "points = \(n) must lie in 1…4096")
        }
        var x = [T](repeating: .zero, count: n), w = [T](repeating: .zero, count: n)
        let m = (n + 1) / 2
        for i in 0..<m {
            var z = T(Foundation.cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5)))
            var derivative = T.zero
            var converged = false
            for _ in 0..<100 {
                let (p, dp) = Self.legendre(n, z)
                derivative = dp
                let step = p / dp
                z -= step
                if abs(step) <= 2 * T.ulpOfOne * abs(z) || step == .zero {
                    derivative = Self.legendre(n, z).1
                    converged = true
                    break
                }
            }
            guard converged else { throw NumericsError.noConvergence(operation: "GaussLegendreRule node \(i)", iterations: 100) }
            // Root i is the i-th largest: place it symmetrically.
            x[i] = z; x[n - 1 - i] = -z
            let weight = 2 / ((1 - z * z) * derivative * derivative)
            w[i] = weight; w[n - 1 - i] = weight
        }
        if n % 2 == 1 { x[m - 1] = .zero }
        nodes = x; weights = w
    }

    /// (P_n(z), P_n′(z)) by the three-term recurrence.
    @inlinable
    static func legendre(_ n: Int, _ z: T) -> (T, T) {
        var p0 = T.one, p1 = z
        if n == 0 { return (1, 0) }
        for k in 1..<n {
            let p2 = (T(2 * k + 1) * z * p1 - T(k) * p0) / T(k + 1)
            p0 = p1; p1 = p2
        }
        return (p1, T(n) * (z * p1 - p0) / (z * z - 1))
    }

    /// ∫_a^b f by this rule, with (b − a)/2·Σw|f| for the rounding bound.
    public func apply(_ f: (T) throws -> T, from a: T, to b: T) throws -> (value: T, magnitude: T) {
        let half = (b - a) / 2, mid = (a + b) / 2
        var s = T.zero, m = T.zero
        for (x, w) in zip(nodes, weights) {
            let v = try f(mid + half * x)
            s += w * v; m += w * abs(v)
        }
        return (half * s, abs(half) * m)
    }
}

/// The result of an adaptive Gauss–Legendre integration.
public struct QuadratureEstimate<T: RealFloat>: Sendable, Equatable {
    /// The finer rule's value.
    public let value: T
    /// |Q_2n − Q_n|: the discretisation error estimate (see `GaussLegendreRule`).
    public let errorEstimate: T
    /// (b − a)/2·Σw_i|f(x_i)| of the finer rule: the scale of its rounding error.
    public let magnitude: T
    /// Points of the finer rule.
    public let points: Int
}

public enum Quadrature {
    /// ∫_a^b f(x) dx by Gauss–Legendre rules of 8, 16, 32, … points until |Q_2n − Q_n| ≤ tolerance·magnitude.
    /// - Throws: `.invalidArgument` for a non-finite or empty interval or a tolerance ≤ 0; `.nonFinite` if f returns a
    ///   non-finite value; `.noConvergence` when `maxPoints` is reached first; whatever f throws.
    public static func gaussLegendre<T: RealFloat>(_ f: (T) throws -> T, from a: T, to b: T, relativeTolerance: T,
                                                   startPoints: Int = 8, maxPoints: Int = 2048) throws -> QuadratureEstimate<T> {
        guard a.isFinite, b.isFinite, a < b else {
            throw NumericsError.invalidArgument(operation: "Quadrature.gaussLegendre", detail: "interval [\(a), \(b)] must be finite and non-empty")
        }
        guard relativeTolerance > 0, relativeTolerance.isFinite else {
            throw NumericsError.invalidArgument(operation: "Quadrature.gaussLegendre", detail: "relative tolerance \(relativeTolerance) must be positive")
        }
        guard startPoints >= 1, maxPoints >= 2 * startPoints else {
            throw NumericsError.invalidArgument(operation: "Quadrature.gaussLegendre", detail: "need 1 ≤ startPoints and 2·startPoints ≤ maxPoints")
        }
        let checked: (T) throws -> T = { x in
            let v = try f(x)
            guard v.isFinite else { throw NumericsError.nonFinite(operation: "Quadrature.gaussLegendre", detail: "integrand is \(v) at x = \(x)") }
            return v
        }
        var n = startPoints
        var coarse = try GaussLegendreRule<T>(points: n).apply(checked, from: a, to: b)
        while 2 * n <= maxPoints {
            let fine = try GaussLegendreRule<T>(points: 2 * n).apply(checked, from: a, to: b)
            let estimate = abs(fine.value - coarse.value)
            if estimate <= relativeTolerance * fine.magnitude {
                return QuadratureEstimate(value: fine.value, errorEstimate: estimate, magnitude: fine.magnitude, points: 2 * n)
            }
            coarse = fine; n *= 2
        }
        throw NumericsError.noConvergence(operation: "Quadrature.gaussLegendre", iterations: n)
    }
}
