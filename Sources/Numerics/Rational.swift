/// An exact rational number p/q with 128-bit numerator and denominator (exact tier).
///
/// Always normalised: gcd(p, q) = 1, q > 0, and p ≠ Int128.min (so negation never overflows).
/// Every operation checks for overflow and throws `NumericsError.overflow` rather than wrapping
/// — and only when the exact, reduced result does not fit: `+`, `−`, `×` and `÷` form their
/// intermediates in 256 bits when 128 do not suffice, so an intermediate overflow alone is
/// never reported. Division by zero throws `.divisionByZero`. There are no non-finite
/// rationals: conversion from NaN or ±∞ throws `.nonFinite`. Arithmetic operators are
/// therefore `throws`: write `let c = try a * b + c`.
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Numerator p, never Int128.min.
    public let numerator: Int128
    /// Denominator q > 0, coprime to p.
    public let denominator: Int128

    /// 0/1 and 1/1.
    public static let zero = Rational(normalized: 0, 1)
    public static let one = Rational(normalized: 1, 1)

    init(normalized p: Int128, _ q: Int128) { numerator = p; denominator = q }

    /// n/1, exact for every Int.
    public init(_ n: Int) { self.init(normalized: Int128(n), 1) }

    /// p/q reduced to lowest terms; throws for q = 0 or when −Int128.min would be needed.
    public init(_ p: Int128, _ q: Int128) throws {
        guard q != 0 else { throw NumericsError.divisionByZero(operation: "Rational") }
        guard p != .min, q != .min else { throw NumericsError.overflow(operation: "Rational") }
        let g = Rational.gcd(p.magnitude, q.magnitude)
        var pp = p / Int128(g), qq = q / Int128(g)
        if qq < 0 { pp = -pp; qq = -qq }
        self.init(normalized: pp, qq)
    }

    /// p/q reduced; `.divisionByZero` for q = 0.
    public init(_ p: Int, _ q: Int) throws { try self.init(Int128(p), Int128(q)) }

    /// The exact value of a finite binary floating-point number (every finite Double or Float80
    /// is a dyadic rational). Throws `.nonFinite` for NaN/∞ and `.overflow` when it needs more
    /// than 127 bits.
    public init<F: BinaryFloatingPoint>(exactly x: F) throws {
        guard x.isFinite else { throw NumericsError.nonFinite(operation: "Rational(exactly:)", detail: "\(x)") }
        var v = x
        var q: Int128 = 1
        while v != v.rounded(.towardZero) {
            v *= 2
            let (nq, o) = q.multipliedReportingOverflow(by: 2)
            guard !o else { throw NumericsError.overflow(operation: "Rational(exactly: \(x))") }
            q = nq
        }
        guard let p = Int128(exactly: v) else { throw NumericsError.overflow(operation: "Rational(exactly: \(x))") }
        try self.init(p, q)
    }

    static func gcd(_ a: UInt128, _ b: UInt128) -> UInt128 {
        var a = a, b = b
        while b != 0 { (a, b) = (b, a % b) }
        return a == 0 ? 1 : a
    }

    static func mul(_ a: Int128, _ b: Int128, _ op: String) throws -> Int128 {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        guard !o else { throw NumericsError.overflow(operation: op) }
        return r
    }

    static func add(_ a: Int128, _ b: Int128, _ op: String) throws -> Int128 {
        let (r, o) = a.addingReportingOverflow(b)
        guard !o else { throw NumericsError.overflow(operation: op) }
        return r
    }

    /// The exact sum; throws `.overflow` only when the reduced sum needs more than 127 bits.
    public static func + (a: Rational, b: Rational) throws -> Rational {
        // a/b + c/d with g = gcd(b, d): (a·(d/g) + c·(b/g)) / (b·(d/g)) keeps intermediates small.
        let g = Int128(gcd(a.denominator.magnitude, b.denominator.magnitude))
        let bd = b.denominator / g, ad = a.denominator / g
        let (x, o1) = a.numerator.multipliedReportingOverflow(by: bd)
        let (y, o2) = b.numerator.multipliedReportingOverflow(by: ad)
        let (num, o3) = x.addingReportingOverflow(y)
        let (den, o4) = a.denominator.multipliedReportingOverflow(by: bd)
        if !(o1 || o2 || o3 || o4) && num != .min { return try Rational(num, den) }
        // Some intermediate needs more than 128 bits: redo the same formula in 256 bits and
        // reduce before deciding whether the result fits.
        let n = WideSigned(a.numerator, times: bd) + WideSigned(b.numerator, times: ad)
        let d = WideSigned(a.denominator, times: bd)
        return try Rational.reduced(n, d.magnitude, "rational +")
    }

    /// n/d reduced, with n and d given in 256 bits (d > 0); `.overflow` unless both fit in 127 bits.
    static func reduced(_ n: WideSigned, _ d: UInt256, _ op: String) throws -> Rational {
        let g = UInt256.gcd(n.magnitude, d)
        let p = n.magnitude.dividedExactly(by: g), q = d.dividedExactly(by: g)
        let limit = UInt256(UInt128(Int128.max))
        guard p <= limit, q <= limit else { throw NumericsError.overflow(operation: op) }
        let pp = Int128(p.low)
        return Rational(normalized: n.negative ? -pp : pp, Int128(q.low))
    }

    /// −a, exact (cannot overflow, since the numerator is never Int128.min).
    public static prefix func - (a: Rational) -> Rational { Rational(normalized: -a.numerator, a.denominator) }

    /// The exact difference; throws `.overflow` only when the reduced result needs more than 127 bits.
    public static func - (a: Rational, b: Rational) throws -> Rational { try a + (-b) }

    /// The exact product. After cross-cancellation the product is already reduced, so `.overflow`
    /// means the result itself does not fit.
    public static func * (a: Rational, b: Rational) throws -> Rational {
        // Cross-cancel before multiplying so that the result is already reduced.
        let g1 = Int128(gcd(a.numerator.magnitude, b.denominator.magnitude))
        let g2 = Int128(gcd(b.numerator.magnitude, a.denominator.magnitude))
        let p = try mul(a.numerator / g1, b.numerator / g2, "rational ×")
        let q = try mul(a.denominator / g2, b.denominator / g1, "rational ×")
        return try Rational(p, q)
    }

    /// The exact quotient; `.divisionByZero` for b = 0, `.overflow` when the result does not fit.
    public static func / (a: Rational, b: Rational) throws -> Rational {
        guard b.numerator != 0 else { throw NumericsError.divisionByZero(operation: "rational ÷") }
        return try a * Rational(b.denominator, b.numerator)
    }

    /// Exact comparison (products formed in 256 bits; never overflows).
    public static func < (a: Rational, b: Rational) -> Bool {
        // Compare a.p·b.q with b.p·a.q in full 256-bit width (no overflow possible).
        let l = a.numerator.multipliedFullWidth(by: b.denominator)
        let r = b.numerator.multipliedFullWidth(by: a.denominator)
        return (l.high, l.low) < (r.high, r.low)
    }

    /// p == 0.
    public var isZero: Bool { numerator == 0 }
    /// |a|, exact.
    public var magnitude: Rational { Rational(normalized: numerator < 0 ? -numerator : numerator, denominator) }

    /// The nearest Double when numerator and denominator are exactly representable (≤ 2⁵³);
    /// otherwise within a few ulps (two conversions and a division). Always finite: |p|, q < 2^127.
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// The value in any binary floating type (exact when numerator and denominator fit its
    /// significand; otherwise within a few ulps). Finite for Double and Float80.
    public func value<F: BinaryFloatingPoint>(as: F.Type) -> F { F(numerator) / F(denominator) }

    /// "p" or "p/q".
    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// Σ of a sequence (0 for an empty one). Throws `.overflow` only when the exact total, or a
    /// reduced partial sum taken in a sign-balanced order, needs more than 127 bits.
    ///
    /// The terms are first added left to right. If that overflows, they are re-added choosing,
    /// at each step, a term of the sign opposite to the running sum while one is left: then no
    /// partial sum exceeds max(max |term|, |total|) in magnitude, so a sum whose terms and total
    /// fit is not lost to an intermediate overflow (e.g. M + M − M with M = 2^126). The result
    /// is exact either way, so the order does not change it.
    public static func sum<S: Sequence>(_ xs: S) throws -> Rational where S.Element == Rational {
        let terms = Array(xs)
        var s = Rational.zero
        var overflowed = false
        for t in terms {
            do { s = try s + t } catch { overflowed = true; break }
        }
        if !overflowed { return s }
        let positive = terms.filter { $0.numerator > 0 }, negative = terms.filter { $0.numerator < 0 }
        var i = 0, j = 0
        s = .zero
        while i < positive.count || j < negative.count {
            if (s.numerator >= 0 && j < negative.count) || i == positive.count {
                s = try s + negative[j]; j += 1
            } else {
                s = try s + positive[i]; i += 1
            }
        }
        return s
    }
}

/// A signed 256-bit integer as sign and magnitude (only what `Rational` needs).
struct WideSigned {
    var negative: Bool
    var magnitude: UInt256

    /// The exact product a·b of two 128-bit integers.
    init(_ a: Int128, times b: Int128) {
        let m = a.magnitude.multipliedFullWidth(by: b.magnitude)
        magnitude = UInt256(high: m.high, low: m.low)
        negative = (a < 0) != (b < 0) && !magnitude.isZero
    }

    static func + (x: WideSigned, y: WideSigned) -> WideSigned {
        // Magnitudes here are below 2^254 (products of two 127-bit values), so sums cannot carry out.
        if x.negative == y.negative { return WideSigned(negative: x.negative, magnitude: x.magnitude + y.magnitude) }
        if x.magnitude >= y.magnitude { return WideSigned(negative: x.negative && x.magnitude != y.magnitude, magnitude: x.magnitude - y.magnitude) }
        return WideSigned(negative: y.negative, magnitude: y.magnitude - x.magnitude)
    }

    init(negative: Bool, magnitude: UInt256) { self.negative = negative; self.magnitude = magnitude }
}

/// An unsigned 256-bit integer (high and low 128-bit words) with the few operations exact
/// rational reduction needs: add, subtract, compare, shifts, binary gcd and exact division.
struct UInt256: Comparable {
    var high: UInt128
    var low: UInt128

    init(high: UInt128, low: UInt128) { self.high = high; self.low = low }
    init(_ x: UInt128) { high = 0; low = x }

    var isZero: Bool { high == 0 && low == 0 }

    static func < (a: UInt256, b: UInt256) -> Bool { (a.high, a.low) < (b.high, b.low) }

    static func + (a: UInt256, b: UInt256) -> UInt256 {
        let (l, carry) = a.low.addingReportingOverflow(b.low)
        return UInt256(high: a.high &+ b.high &+ (carry ? 1 : 0), low: l)
    }

    /// a − b for a ≥ b.
    static func - (a: UInt256, b: UInt256) -> UInt256 {
        let (l, borrow) = a.low.subtractingReportingOverflow(b.low)
        return UInt256(high: a.high &- b.high &- (borrow ? 1 : 0), low: l)
    }

    var trailingZeroBitCount: Int { low != 0 ? low.trailingZeroBitCount : 128 + high.trailingZeroBitCount }

    func shiftedRight(_ k: Int) -> UInt256 {
        if k == 0 { return self }
        if k >= 128 { return UInt256(high: 0, low: high >> UInt128(k - 128)) }
        return UInt256(high: high >> UInt128(k), low: (low >> UInt128(k)) | (high << UInt128(128 - k)))
    }

    func shiftedLeft(_ k: Int) -> UInt256 {
        if k == 0 { return self }
        if k >= 128 { return UInt256(high: low << UInt128(k - 128), low: 0) }
        return UInt256(high: (high << UInt128(k)) | (low >> UInt128(128 - k)), low: low << UInt128(k))
    }

    /// Binary (Stein) gcd; gcd(0, 0) = 1 so that it can always be divided by.
    static func gcd(_ a: UInt256, _ b: UInt256) -> UInt256 {
        if a.isZero { return b.isZero ? UInt256(1) : b }
        if b.isZero { return a }
        let shift = min(a.trailingZeroBitCount, b.trailingZeroBitCount)
        var u = a.shiftedRight(a.trailingZeroBitCount)
        var v = b
        repeat {
            v = v.shiftedRight(v.trailingZeroBitCount)
            if u > v { swap(&u, &v) }
            v = v - u
        } while !v.isZero
        return u.shiftedLeft(shift)
    }

    /// self / d by restoring long division (d > 0, self < 2^255); used where d divides self.
    func dividedExactly(by d: UInt256) -> UInt256 {
        var q = UInt256(0), r = UInt256(0)
        for bit in stride(from: 255, through: 0, by: -1) {
            let b: UInt128 = bit >= 128 ? (high >> UInt128(bit - 128)) & 1 : (low >> UInt128(bit)) & 1
            r = r.shiftedLeft(1)
            r.low |= b
            if r >= d {
                r = r - d
                if bit >= 128 { q.high |= 1 << UInt128(bit - 128) } else { q.low |= 1 << UInt128(bit) }
            }
        }
        return q
    }
}
