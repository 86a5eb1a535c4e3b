/// A real number known exactly (a `Rational`) or, when exact arithmetic no longer fits in 128
/// bits or leaves the rationals (√), by a certified enclosure (an outward-rounded `Interval`).
///
/// Arithmetic stays exact while it can and falls back to interval arithmetic on overflow, so a
/// recursion that outgrows the exact tier keeps a guaranteed enclosure instead of failing; the
/// result says which tier it reached. Division by an enclosure containing 0 throws.
public enum Quantity: Sendable, Equatable, CustomStringConvertible {
    case exact(Rational)
    case enclosure(Interval)

    public static let zero = Quantity.exact(.zero)
    public static let one = Quantity.exact(.one)

    public var isExact: Bool { if case .exact = self { return true }; return false }
    public var rational: Rational? { if case .exact(let r) = self { return r }; return nil }

    /// A guaranteed enclosure (tight for exact values). Throws beyond the Double range.
    public func interval() throws -> Interval {
        switch self {
        case .exact(let r): return try Interval.enclosing(r)
        case .enclosure(let i): return i
        }
    }

    public var description: String {
        switch self {
        case .exact(let r): return r.description
        case .enclosure(let i): return i.description
        }
    }

    static func combine(_ a: Quantity, _ b: Quantity, exact: (Rational, Rational) throws -> Rational,
                        interval: (Interval, Interval) throws -> Interval) throws -> Quantity {
        if case .exact(let x) = a, case .exact(let y) = b {
            do { return .exact(try exact(x, y)) } catch NumericsError.overflow { /* fall through to intervals */ }
        }
        return .enclosure(try interval(a.interval(), b.interval()))
    }

    public static func + (a: Quantity, b: Quantity) throws -> Quantity { try combine(a, b, exact: { try $0 + $1 }, interval: { $0 + $1 }) }
    public static func - (a: Quantity, b: Quantity) throws -> Quantity { try combine(a, b, exact: { try $0 - $1 }, interval: { $0 - $1 }) }
    public static func * (a: Quantity, b: Quantity) throws -> Quantity { try combine(a, b, exact: { try $0 * $1 }, interval: { $0 * $1 }) }
    public static func / (a: Quantity, b: Quantity) throws -> Quantity {
        try combine(a, b, exact: { try $0 / $1 }, interval: { try $0.dividing(by: $1) })
    }

    /// |x|, exactly or as an enclosure.
    public var magnitude: Quantity {
        switch self {
        case .exact(let r): return .exact(r.magnitude)
        case .enclosure(let i):
            if i.lower >= 0 { return self }
            if i.upper <= 0 { return .enclosure(-i) }
            return .enclosure(Interval.hull(0, Swift.max(-i.lower, i.upper)))
        }
    }

    /// √x as an enclosure (exact when x is the square of a rational whose parts are perfect squares).
    public func squareRoot() throws -> Quantity {
        if case .exact(let r) = self, let s = r.exactSquareRoot { return .exact(s) }
        return .enclosure(try interval().squareRoot())
    }
}

extension Rational {
    /// √r when numerator and denominator are perfect squares, else nil.
    public var exactSquareRoot: Rational? {
        guard !(self < .zero) else { return nil }
        func isqrt(_ v: Int128) -> Int128? {
            guard v >= 0 else { return nil }
            var x = Int128(Double(v).squareRoot())
            while x * x > v { x -= 1 }
            while (x + 1) * (x + 1) <= v { x += 1 }
            return x * x == v ? x : nil
        }
        guard let p = isqrt(numerator), let q = isqrt(denominator) else { return nil }
        return try? Rational(p, q)
    }
}

extension Interval {
    /// [min(a, b), max(a, b)] for finite a, b (no rounding involved).
    static func hull(_ a: Double, _ b: Double) -> Interval { Interval(unchecked: Swift.min(a, b), Swift.max(a, b)) }
}

extension Interval {
    /// A tight Double interval containing the rational r: the nearest Double widened by an ulp at
    /// a time until exact rational comparison confirms lo ≤ r ≤ hi. Throws `.nonFinite` beyond the
    /// Double range and `.overflow` when an endpoint cannot be compared exactly in 128 bits.
    public static func enclosing(_ r: Rational) throws -> Interval {
        let x = r.doubleValue
        guard x.isFinite else { throw NumericsError.nonFinite(operation: "Interval.enclosing", detail: "\(r)") }
        do {
            var lo = x, hi = x
            while try r < Rational(exactly: lo) { lo = lo.nextDown }
            while try Rational(exactly: hi) < r { hi = hi.nextUp }
            return try Interval(lo, hi)
        } catch NumericsError.overflow {
            // An endpoint needs more than 127 bits to compare exactly (a very small or very precise
            // value). Double(p) and Double(q) are each within half an ulp and the quotient adds half an
            // ulp: |x − p/q| ≤ 1.5·2⁻⁵²·|x|, at most 3 ulps of a normal x; widen by 4.
            guard x.isNormal else {
                let tiny = 4 * Double.leastNormalMagnitude
                return try Interval(r < .zero ? -tiny : 0, r < .zero ? 0 : tiny)
            }
            var lo = x, hi = x
            for _ in 0..<4 { lo = lo.nextDown; hi = hi.nextUp }
            return try Interval(lo, hi)
        }
    }
}
