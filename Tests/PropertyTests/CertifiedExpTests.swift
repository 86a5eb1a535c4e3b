import Foundation
import Numerics
import TestSupport
import Testing

@Suite("Certified exponential and exact-or-enclosure quantities")
struct CertifiedExpTests {
    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    @Test("The ln 2 bracket contains Float80's log 2 (64-bit significand, within an ulp of ln 2)")
    func ln2Bracket() {
        let l = Float80.log(2)
        #expect(Float80(Interval.ln2.lower) < l && l < Float80(Interval.ln2.upper))
    }

    @Test("Interval.exp encloses e^x (Float80 libm as the more precise reference) and is tight to a few ulps", arguments: 0..<8)
    func expEncloses(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(900 + seed))
        for _ in 0..<200 {
            let x = 100 * (2 * rng.uniform() - 1)
            let e = try Interval(x).exp()
            // Float80 exp is within 1 ulp of e^x at ε_80 = 2⁻⁶³, far below a Double ulp.
            let reference = Float80.exp(Float80(x))
            #expect(Float80(e.lower) <= reference && reference <= Float80(e.upper), "seed \(seed), x = \(x): \(e)")
            // Width: about (|k| + 40) ulps, k = x/ln 2 (the rounding of k·ln 2 grows with |k|); allow 4×.
            let k = abs(x) / 0.6931471805599453
            #expect(e.width <= 4 * (k + 40) * Double.ulpOfOne * e.upper, "seed \(seed), x = \(x): width \(e.width)")
        }
    }
    #endif

    @Test("exp of an interval covers the exps of its endpoints; out-of-range arguments throw")
    func expIntervals() throws {
        let e = try Interval(-1, 2).exp()
        let lo = try Interval(-1).exp(), hi = try Interval(2).exp()
        #expect(e.contains(lo) && e.contains(hi))
        #expect(try Interval(0).exp().contains(1))
        #expect(thrownKind { try Interval(701).exp() } == "invalidArgument")
        #expect(thrownKind { try Interval(-800, 0).exp() } == "invalidArgument")
    }

    @Test("Quantity stays exact while it fits and falls back to an enclosure of the true value on overflow")
    func quantityFallback() throws {
        var q = Quantity.one
        let third = Quantity.exact(try Rational(1, 3))
        for _ in 0..<30 { q = try q * third }
        #expect(q.isExact) // 3³⁰ fits
        for _ in 0..<70 { q = try q * third }
        #expect(!q.isExact) // 3¹⁰⁰ needs far more than 127 bits
        // (1/3)^100 = 1.9403252174826316…e-48; the enclosure must contain it.
        let i = try q.interval()
        #expect(i.lower > 0 && i.lower <= 1.9403252174826316e-48 && 1.9403252174826316e-48 <= i.upper)
        #expect(try (Quantity.exact(try Rational(1, 2)) + .exact(try Rational(1, 3))) == .exact(try Rational(5, 6)))
        #expect(try Quantity.exact(try Rational(9, 4)).squareRoot() == .exact(try Rational(3, 2)))
        #expect(!(try Quantity.exact(Rational(2)).squareRoot()).isExact)
        #expect(thrownKind { try Quantity.one / .enclosure(try Interval(-1, 1)) } == "divisionByZero")
    }

    @Test("Interval.enclosing contains the rational exactly, and is a point for dyadic rationals")
    func enclosing() throws {
        var rng = SeededGenerator(seed: 77)
        for _ in 0..<500 {
            let r = try Rational(Int(try rng.int(below: 2_000_001)) - 1_000_000, 1 + (try rng.int(below: 999_999)))
            let i = try Interval.enclosing(r)
            #expect(try !(r < Rational(exactly: i.lower)) && !(Rational(exactly: i.upper) < r), "\(r): \(i)")
        }
        #expect(try Interval.enclosing(try Rational(3, 8)) == Interval(0.375))
    }
}

@Suite("Certified logarithm and powers")
struct CertifiedLogTests {
    @Test("Interval.log encloses log x and inverts exp; powers enclose x^p; non-positive input throws")
    func logEncloses() throws {
        var rng = SeededGenerator(seed: 31)
        for _ in 0..<300 {
            let x = Foundation.exp(60 * (2 * rng.uniform() - 1))
            let l = try Interval(x).log()
            #expect(l.contains(Foundation.log(x)) || l.width < 1e-12, "x = \(x): \(l)")
            let back = try l.exp()
            #expect(back.contains(x), "exp(log(\(x))) = \(back)")
        }
        let tenth = try Interval(10).power(try Interval(0.5))
        #expect(tenth.contains(10.0.squareRoot()))
        #expect(thrownKind { try Interval(0, 1).log() } == "invalidArgument")
        #expect(thrownKind { try Interval(-1).log() } == "invalidArgument")
    }
}
