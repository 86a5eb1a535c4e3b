/// Certified exponential for `Interval`, built only from the correctly rounded operations
/// (+, −, ×, ÷ with outward rounding) and exact power-of-two scaling, so the enclosure does not
/// depend on the accuracy of libm.
extension Interval {
    /// An interval containing e^x for every x in the interval. Method: e^x is increasing, so each
    /// endpoint is enclosed separately. For an endpoint x: k = round(x/ln 2), r = x − k·ln 2 in
    /// interval arithmetic (|r| ≤ 0.35 + rounding) with ln 2 from a two-Double bracket, then a Taylor polynomial of degree 22 with the enclosed remainder
    /// [−2|r|²³/23!, 2|r|²³/23!] (|R| ≤ |r|²³/23!·e^{|r|}), then exact scaling by 2^k.
    /// Width: about (|k| + 40) ulps of the result (the error of k·ln 2 grows with |k|).
    /// Throws `.invalidArgument` for an endpoint of magnitude above 700 (the result would leave the
    /// normal Double range) — an error, never an infinite or zero endpoint.
    public func exp() throws -> Interval {
        try Interval(Interval.expEnclosure(lower).lower, Interval.expEnclosure(upper).upper)
    }

    /// ln 2 = 0.693147180559945309417232121458…, and the Double 0.6931471805599453 is exactly
    /// 0.693147180559945286226763982995… (binary 0x1.62e42fefa39efp-1): it lies 2.3e-17 below ln 2,
    /// and its successor 1.1e-16 above it, so ln 2 ∈ [0.6931471805599453, nextUp]. (A test checks the
    /// bracket against Float80's log 2 where Float80 exists.)
    public static let ln2 = Interval(unchecked: 0.6931471805599453, 0.6931471805599453.nextUp)

    static func expEnclosure(_ x: Double) throws -> Interval {
        guard x.isFinite, abs(x) <= 700 else {
            throw NumericsError.invalidArgument(operation: "Interval.exp", detail: "argument \(x) outside [−700, 700]")
        }
        let k = (x / ln2.lower).rounded()
        let r = try Interval(x) - Interval(k) * ln2
        let e = try taylorExp(r)
        // Multiplying by 2^k is exact for normal results (|x| ≤ 700 keeps e^x ≥ 1e-304).
        let scale = Double(sign: .plus, exponent: Int(k), significand: 1)
        return Interval(unchecked: (e.lower * scale).nextDown, (e.upper * scale).nextUp)
    }

    /// Enclosure of e^r for |r| ≤ 1 by the degree-22 Taylor polynomial plus its remainder bound.
    static func taylorExp(_ r: Interval) throws -> Interval {
        let m = Swift.max(abs(r.lower), abs(r.upper))
        guard m <= 1 else { throw NumericsError.invalidArgument(operation: "Interval.exp (Taylor)", detail: "|r| = \(m) > 1") }
        var term = try Interval(1), sum = try Interval(1)
        for k in 1...22 {
            term = try (term * r).dividing(by: Interval(Double(k)))
            sum = sum + term
        }
        // |R| ≤ m²³/23!·e^m ≤ 3·m²³/23! for m ≤ 1; inflate by 1e-10 for the roundings of the bound.
        var p = 1.0, fact = 1.0
        for k in 1...23 { p *= m; fact *= Double(k) }
        let bound = 3 * p / fact * (1 + 1e-10)
        return sum + (try Interval(-bound, bound))
    }
}

extension Interval {
    /// An interval containing log x for every x in the interval (x > 0). Each endpoint starts from libm's
    /// log and is widened until the certified exponential confirms it: e^{lo} ≤ x ≤ e^{hi}. So the enclosure
    /// rests on `exp`'s guarantee, not on libm's. Throws `.invalidArgument` for a lower end ≤ 0 or an
    /// endpoint whose logarithm lies outside [−700, 700].
    public func log() throws -> Interval {
        guard lower > 0 else { throw NumericsError.invalidArgument(operation: "Interval.log", detail: "lower end \(lower) ≤ 0") }
        return try Interval(Interval.logEnclosure(lower).lower, Interval.logEnclosure(upper).upper)
    }

    /// x^p = e^{p·log x} for x > 0 (certified through `log` and `exp`).
    public func power(_ p: Interval) throws -> Interval { try (p * log()).exp() }

    static func logEnclosure(_ x: Double) throws -> Interval {
        guard x > 0, x.isFinite else { throw NumericsError.invalidArgument(operation: "Interval.log", detail: "argument \(x) must be positive and finite") }
        let guess = _libmLog(x)
        guard abs(guess) <= 699 else { throw NumericsError.invalidArgument(operation: "Interval.log", detail: "log \(x) outside [−699, 699]") }
        var lo = guess, hi = guess
        var step = Swift.max(abs(guess), 1) * 4 * Double.ulpOfOne
        while try expEnclosure(lo).upper > x { lo -= step; step *= 2 }
        step = Swift.max(abs(guess), 1) * 4 * Double.ulpOfOne
        while try expEnclosure(hi).lower < x { hi += step; step *= 2 }
        return try Interval(lo, hi)
    }
}
