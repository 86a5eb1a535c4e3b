/// A closed interval [lower, upper] of Doubles with outward rounding (certified tier).
///
/// Each operation computes its endpoints in round-to-nearest and then steps one ulp outward
/// (`nextDown`/`nextUp`). Round-to-nearest is within half an ulp of the exact value, so the
/// widened result encloses the exact result of the operation on any points of the operands.
/// Only operations that IEEE 754 rounds correctly are offered (+, −, ×, ÷, √), so the
/// enclosure does not rest on the accuracy of libm.
///
/// Overflow and infinite endpoints: intervals are created with finite endpoints (`init`
/// throws `.nonFinite` otherwise), but an operation whose endpoint overflows widens it to
/// ±∞ — [g, +∞] for g + g with g = greatestFiniteMagnitude — which still encloses the exact
/// real result. Such an interval stands for a set of reals (∞ itself is not a member), and
/// every operation keeps it a valid enclosure: a lower end can be −∞ but never +∞, an upper
/// end +∞ but never −∞, endpoint products 0·∞ count as 0 (every member product with 0 is
/// 0), and endpoint quotients ∞/∞ contribute both 0 and ∞. No operation returns a NaN
/// endpoint or lower > upper. Check `isBounded` before using `width` or endpoints as numbers.
public struct Interval: Equatable, Sendable, CustomStringConvertible {
    /// Lower end: finite, or −∞ after an overflowing operation (never +∞ or NaN).
    public let lower: Double
    /// Upper end: finite, or +∞ after an overflowing operation (never −∞ or NaN).
    public let upper: Double

    /// Throws `.nonFinite` for a NaN or infinite endpoint, `.invalidArgument` for lower > upper.
    public init(_ lower: Double, _ upper: Double) throws {
        guard lower.isFinite, upper.isFinite else {
            throw NumericsError.nonFinite(operation: "Interval", detail: "[\(lower), \(upper)]")
        }
        guard lower <= upper else {
            throw NumericsError.invalidArgument(operation: "Interval", detail: "lower \(lower) > upper \(upper)")
        }
        self.lower = lower
        self.upper = upper
    }

    /// The degenerate interval [x, x]; throws for non-finite x.
    public init(_ x: Double) throws { try self.init(x, x) }

    /// Internal: endpoints already known to satisfy the invariant (no NaN, lower ≤ upper).
    init(unchecked lower: Double, _ upper: Double) { self.lower = lower; self.upper = upper }

    /// upper − lower, rounded to nearest; +∞ for an unbounded interval or when the width
    /// exceeds `greatestFiniteMagnitude`.
    public var width: Double { upper - lower }

    /// A finite point of the interval near its centre: (lower + upper)/2 without overflow or
    /// subnormal loss, clamped into the interval. For unbounded intervals: 0 for [−∞, +∞],
    /// −greatest for [−∞, u], +greatest for [l, +∞] — always finite and always a member.
    public var midpoint: Double {
        switch (lower.isFinite, upper.isFinite) {
        case (false, false): return 0
        case (false, true): return Swift.min(-Double.greatestFiniteMagnitude, upper)
        case (true, false): return Swift.max(Double.greatestFiniteMagnitude, lower)
        case (true, true):
            // Halving is exact for normal numbers, so both forms agree there; the sum cannot
            // overflow for small endpoints, and halves cannot lose subnormal bits for large ones.
            let m = abs(lower) < 1 && abs(upper) < 1 ? (lower + upper) / 2 : lower / 2 + upper / 2
            return Swift.min(Swift.max(m, lower), upper)
        }
    }

    /// lower ≤ x ≤ upper; false for NaN.
    public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }
    /// other ⊆ self (infinite ends compare as ±∞).
    public func contains(_ other: Interval) -> Bool { lower <= other.lower && other.upper <= upper }
    /// True when both endpoints are finite (an overflowing operation widens to ±∞).
    public var isBounded: Bool { lower.isFinite && upper.isFinite }
    /// "[lower, upper]" (infinite ends print as inf).
    public var description: String { "[\(lower), \(upper)]" }

    /// [lo, hi] widened by one ulp each way: (+∞).nextDown is finite and (−∞).nextUp is
    /// finite, so a lower end is never +∞ and an upper end never −∞.
    static func outward(_ lo: Double, _ hi: Double) -> Interval { Interval(unchecked: lo.nextDown, hi.nextUp) }

    /// Endpoint product with 0·(±∞) = 0: every member product with 0 is 0.
    static func endpointProduct(_ x: Double, _ y: Double) -> Double { x == 0 || y == 0 ? 0 : x * y }

    /// [a.lower + b.lower, a.upper + b.upper] rounded outward (never −∞ + ∞: see the type's invariant).
    public static func + (a: Interval, b: Interval) -> Interval { outward(a.lower + b.lower, a.upper + b.upper) }
    /// [a.lower − b.upper, a.upper − b.lower] rounded outward.
    public static func - (a: Interval, b: Interval) -> Interval { outward(a.lower - b.upper, a.upper - b.lower) }
    /// [−upper, −lower], exact.
    public static prefix func - (a: Interval) -> Interval { Interval(unchecked: -a.upper, -a.lower) }

    /// The hull of the four endpoint products (0·∞ taken as 0), rounded outward.
    public static func * (a: Interval, b: Interval) -> Interval {
        let p = [endpointProduct(a.lower, b.lower), endpointProduct(a.lower, b.upper),
                 endpointProduct(a.upper, b.lower), endpointProduct(a.upper, b.upper)]
        return outward(p.min()!, p.max()!) // four products, never empty, never NaN
    }

    /// The hull of the endpoint quotients, rounded outward; an ∞/∞ pair contributes 0 and the
    /// signed ∞ (the member quotients approach both). Throws `.divisionByZero` when the
    /// divisor contains 0.
    public func dividing(by b: Interval) throws -> Interval {
        guard !b.contains(0) else { throw NumericsError.divisionByZero(operation: "interval division") }
        var q = [Double]()
        for x in [lower, upper] {
            for y in [b.lower, b.upper] {
                let v = x / y
                if v.isNaN { // ±∞/±∞
                    q.append(0)
                    q.append((x < 0) == (y < 0) ? .infinity : -.infinity)
                } else {
                    q.append(v)
                }
            }
        }
        return Interval.outward(q.min()!, q.max()!) // at least four quotients, none NaN
    }

    /// x² (tighter than x·x when the interval straddles 0), rounded outward; [g, +∞] or
    /// [0, +∞] when a square overflows.
    public func squared() -> Interval {
        if lower >= 0 { return Interval.outward(lower * lower, upper * upper) }
        if upper <= 0 { return Interval.outward(upper * upper, lower * lower) }
        let m = Swift.max(lower * lower, upper * upper)
        return Interval(unchecked: 0, m.nextUp)
    }

    /// √x rounded outward (√(+∞) = +∞ for an unbounded interval); throws `.invalidArgument`
    /// when the interval reaches below 0.
    public func squareRoot() throws -> Interval {
        guard lower >= 0 else { throw NumericsError.invalidArgument(operation: "interval sqrt", detail: "lower end \(lower) < 0") }
        return Interval(unchecked: Swift.max(0, lower.squareRoot().nextDown), upper.squareRoot().nextUp)
    }
}
