import Foundation
import Numerics
import TestSupport
import Testing

/// Error-free transformations: a + b = s + e and a·b = p + e exactly (Knuth's TwoSum; fma).
func twoSum(_ a: Double, _ b: Double) -> (Double, Double) {
    let s = a + b
    let bb = s - a
    return (s, (a - (s - bb)) + (b - bb))
}

func randomDouble(_ g: inout SeededGenerator) throws -> Double {
    // Magnitudes spread over 2^-40 … 2^40 so that rounding happens at every scale.
    let e = try g.int(below: 81) - 40
    return g.normal() * Double(sign: .plus, exponent: e, significand: 1)
}

@Suite("Interval arithmetic")
struct IntervalTests {
    @Test("Outward rounding encloses the exact sum, difference, product, quotient and square root", arguments: 0..<8)
    func enclosure(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed))
        for _ in 0..<2000 {
            let a = try randomDouble(&g), b = try randomDouble(&g)
            let ia = try Interval(a), ib = try Interval(b)
            // lo ≤ s + e ≤ hi, with lo − s and hi − s exact (Sterbenz: one ulp apart).
            let sum = ia + ib
            let (s, e) = twoSum(a, b)
            #expect(sum.lower - s <= e && e <= sum.upper - s)
            let diff = ia - ib
            let (d, ed) = twoSum(a, -b)
            #expect(diff.lower - d <= ed && ed <= diff.upper - d)
            let prod = ia * ib
            let p = a * b
            let ep = (-p).addingProduct(a, b) // exact product error (fused), no underflow at these scales
            #expect(prod.lower - p <= ep && ep <= prod.upper - p)
            // Quotient: lower·b ≤ a ≤ upper·b for b > 0 (reversed for b < 0); the sign of the
            // fused residual is the exact sign.
            let q = try ia.dividing(by: ib)
            let rl = (-a).addingProduct(q.lower, b), ru = (-a).addingProduct(q.upper, b)
            if b > 0 { #expect(rl <= 0 && ru >= 0) } else { #expect(rl >= 0 && ru <= 0) }
            // Square root: lower² ≤ |a| ≤ upper², signs of fused residuals exact.
            let r = try Interval(abs(a)).squareRoot()
            #expect((-abs(a)).addingProduct(r.lower, r.lower) <= 0 && (-abs(a)).addingProduct(r.upper, r.upper) >= 0)
        }
    }

    @Test("Interval operations contain every point operation on members")
    func inclusionIsotonic() throws {
        var g = SeededGenerator(seed: 99)
        for _ in 0..<2000 {
            let a = g.normal(), b = g.normal(), w1 = abs(g.normal()) * 1e-3, w2 = abs(g.normal()) * 1e-3
            let ia = try Interval(a - w1, a + w1), ib = try Interval(b - w2, b + w2)
            let u = g.uniform(), v = g.uniform()
            let x = ia.lower + u * (ia.upper - ia.lower), y = ib.lower + v * (ib.upper - ib.lower)
            guard ia.contains(x), ib.contains(y) else { continue }
            #expect((ia + ib).contains(x + y))
            #expect((ia - ib).contains(x - y))
            #expect((ia * ib).contains(x * y))
            #expect(ia.squared().contains(x * x))
            if !ib.contains(0) { #expect(try ia.dividing(by: ib).contains(x / y)) }
        }
    }

    @Test("The same enclosure test flags endpoints that were not rounded outward")
    func detectsMissingOutwardStep() throws {
        // Negative control: [fl(a+b), fl(a+b)] must fail to enclose a + b whenever the sum was
        // rounded (e ≠ 0), which happens for most random operands.
        var g = SeededGenerator(seed: 1)
        var caught = 0
        for _ in 0..<200 {
            let (s, e) = twoSum(try randomDouble(&g), try randomDouble(&g))
            if !(s - s <= e && e <= s - s) { caught += 1 }
        }
        #expect(caught > 100)
    }

    @Test("Bad intervals and division by an interval containing zero throw")
    func badInput() throws {
        #expect(thrownKind { try Interval(.nan) } == "nonFinite")
        #expect(thrownKind { try Interval(2, 1) } == "invalidArgument")
        #expect(thrownKind { try Interval(1).dividing(by: try Interval(-1, 1)) } == "divisionByZero")
        #expect(thrownKind { try Interval(-1, 1).squareRoot() } == "invalidArgument")
    }
}

@Suite("Exact rationals")
struct RationalTests {
    func random(_ g: inout SeededGenerator) throws -> Rational {
        try Rational(try g.int(below: 2001) - 1000, 1 + (try g.int(below: 999)))
    }

    @Test("Field laws hold exactly for random rationals", arguments: 0..<4)
    func fieldLaws(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed))
        for _ in 0..<500 {
            let a = try random(&g), b = try random(&g), c = try random(&g)
            #expect(try a + b == b + a)
            #expect(try a * b == b * a)
            #expect(try (a + b) + c == a + (b + c))
            #expect(try (a * b) * c == a * (b * c))
            #expect(try a * (b + c) == a * b + a * c)
            #expect(try a - a == .zero)
            #expect(try a + .zero == a && a * .one == a)
            if !a.isZero { #expect(try a * (Rational.one / a) == .one) }
            #expect(a.denominator > 0)
            #expect((a < b) == (a.doubleValue < b.doubleValue) || a.doubleValue == b.doubleValue)
        }
    }

    @Test("Rational(exactly:) recovers every finite Double and Float80 exactly")
    func exactConversion() throws {
        var g = SeededGenerator(seed: 5)
        for _ in 0..<2000 {
            let x = try randomDouble(&g)
            let r = try Rational(exactly: x)
            #expect(r.doubleValue == x)
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            #expect(r.value(as: Float80.self) == Float80(x))
            #endif
        }
        #expect(try Rational(exactly: 0.1) == (try Rational(3_602_879_701_896_397, 36_028_797_018_963_968)))
        #expect(thrownKind { try Rational(exactly: Double.infinity) } == "nonFinite")
        #expect(thrownKind { try Rational(exactly: 1e300) } == "overflow")
        #expect(thrownKind { try Rational(exactly: 1e-300) } == "overflow")
    }

    @Test("Overflow and division by zero are errors, never wrapped values")
    func overflow() throws {
        let big = try Rational(Int128.max, 1)
        #expect(thrownKind { try big + .one } == "overflow")
        #expect(thrownKind { try big * Rational(2) } == "overflow")
        #expect(thrownKind { try Rational(1, Int128.max) - big } == "overflow")
        #expect(thrownKind { try Rational(1, 0) } == "divisionByZero")
        #expect(thrownKind { try Rational.one / .zero } == "divisionByZero")
        #expect(thrownKind { try Rational(Int128.min, 1) } == "overflow")
        // Just inside the range still works exactly.
        #expect(try big - .one + .one == big)
    }
}
