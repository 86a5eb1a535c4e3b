/// A closed interval [lower, upper] of Doubles with outward rounding (certified tier).
///
/// Each operation computes its endpoints in round-to-nearest and then steps one ulp outward
/// (`nextDown`/`nextUp`). Round-to-nearest is within half an ulp of the exact value, so the
/// widened result encloses the exact result of the operation on any points of the operands.
/// Only operations that IEEE 754 rounds correctly are offered (+, −, ×, ÷, √), so the
/// enclosure does not rest on the accuracy of libm.
public struct Interval: Equatable, Sendable, CustomStringConvertible {
    public let lower: Double
    public let upper: Double

    /// Throws for non-finite endpoints or lower > upper.
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

    init(unchecked lower: Double, _ upper: Double) { self.lower = lower; self.upper = upper }

    public var width: Double { upper - lower }
    public var midpoint: Double { lower / 2 + upper / 2 }
    public func contains(_ x: Double) -> Bool { lower <= x && x <= upper }
    public func contains(_ other: Interval) -> Bool { lower <= other.lower && other.upper <= upper }
    /// True when both endpoints are finite (an overflowing operation widens to ±∞).
    public var isBounded: Bool { lower.isFinite && upper.isFinite }
    public var description: String { "[\(lower), \(upper)]" }

    static func outward(_ lo: Double, _ hi: Double) -> Interval { Interval(unchecked: lo.nextDown, hi.nextUp) }

    public static func + (a: Interval, b: Interval) -> Interval { outward(a.lower + b.lower, a.upper + b.upper) }
    public static func - (a: Interval, b: Interval) -> Interval { outward(a.lower - b.upper, a.upper - b.lower) }
    public static prefix func - (a: Interval) -> Interval { Interval(unchecked: -a.upper, -a.lower) }

    public static func * (a: Interval, b: Interval) -> Interval {
        let p = [a.lower * b.lower, a.lower * b.upper, a.upper * b.lower, a.upper * b.upper]
        return outward(p.min()!, p.max()!) // four products, never empty
    }

    /// Throws `.divisionByZero` when the divisor contains 0.
    public func dividing(by b: Interval) throws -> Interval {
        guard !b.contains(0) else { throw NumericsError.divisionByZero(operation: "interval division") }
        let q = [lower / b.lower, lower / b.upper, upper / b.lower, upper / b.upper]
        return Interval.outward(q.min()!, q.max()!) // four quotients, never empty
    }

    /// x² (tighter than x·x when the interval straddles 0).
    public func squared() -> Interval {
        if lower >= 0 { return Interval.outward(lower * lower, upper * upper) }
        if upper <= 0 { return Interval.outward(upper * upper, lower * lower) }
        let m = Swift.max(lower * lower, upper * upper)
        return Interval(unchecked: 0, m.nextUp)
    }

    /// √x; throws when the interval reaches below 0.
    public func squareRoot() throws -> Interval {
        guard lower >= 0 else { throw NumericsError.invalidArgument(operation: "interval sqrt", detail: "lower end \(lower) < 0") }
        return Interval(unchecked: Swift.max(0, lower.squareRoot().nextDown), upper.squareRoot().nextUp)
    }
}
