/// An exact rational number p/q with 128-bit numerator and denominator (exact tier).
///
/// Always normalised: gcd(p, q) = 1 and q > 0. Every operation checks for overflow and throws
/// `NumericsError.overflow` rather than wrapping; division by zero throws `.divisionByZero`.
/// Arithmetic operators are therefore `throws`: write `let c = try a * b + c`.
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let numerator: Int128
    public let denominator: Int128

    public static let zero = Rational(normalized: 0, 1)
    public static let one = Rational(normalized: 1, 1)

    init(normalized p: Int128, _ q: Int128) { numerator = p; denominator = q }

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

    public static func + (a: Rational, b: Rational) throws -> Rational {
        // a/b + c/d with g = gcd(b, d): (a·(d/g) + c·(b/g)) / (b·(d/g)) keeps intermediates small.
        let g = Int128(gcd(a.denominator.magnitude, b.denominator.magnitude))
        let bd = b.denominator / g, ad = a.denominator / g
        let num = try add(try mul(a.numerator, bd, "rational +"), try mul(b.numerator, ad, "rational +"), "rational +")
        return try Rational(num, try mul(a.denominator, bd, "rational +"))
    }

    public static prefix func - (a: Rational) -> Rational { Rational(normalized: -a.numerator, a.denominator) }

    public static func - (a: Rational, b: Rational) throws -> Rational { try a + (-b) }

    public static func * (a: Rational, b: Rational) throws -> Rational {
        // Cross-cancel before multiplying so that the result is already reduced.
        let g1 = Int128(gcd(a.numerator.magnitude, b.denominator.magnitude))
        let g2 = Int128(gcd(b.numerator.magnitude, a.denominator.magnitude))
        let p = try mul(a.numerator / g1, b.numerator / g2, "rational ×")
        let q = try mul(a.denominator / g2, b.denominator / g1, "rational ×")
        return try Rational(p, q)
    }

    public static func / (a: Rational, b: Rational) throws -> Rational {
        guard b.numerator != 0 else { throw NumericsError.divisionByZero(operation: "rational ÷") }
        return try a * Rational(b.denominator, b.numerator)
    }

    public static func < (a: Rational, b: Rational) -> Bool {
        // Compare a.p·b.q with b.p·a.q in full 256-bit width (no overflow possible).
        let l = a.numerator.multipliedFullWidth(by: b.denominator)
        let r = b.numerator.multipliedFullWidth(by: a.denominator)
        return (l.high, l.low) < (r.high, r.low)
    }

    public var isZero: Bool { numerator == 0 }
    public var magnitude: Rational { Rational(normalized: numerator < 0 ? -numerator : numerator, denominator) }

    /// The nearest Double when numerator and denominator are exactly representable (≤ 2⁵³);
    /// otherwise within a few ulps. Exact for the dyadic data the constructions use.
    public var doubleValue: Double { Double(numerator) / Double(denominator) }

    /// The value in any binary floating type (exact when numerator and denominator fit its significand).
    public func value<F: BinaryFloatingPoint>(as: F.Type) -> F { F(numerator) / F(denominator) }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// Σ of a sequence, throwing on overflow.
    public static func sum<S: Sequence>(_ xs: S) throws -> Rational where S.Element == Rational {
        try xs.reduce(Rational.zero) { try $0 + $1 }
    }
}
