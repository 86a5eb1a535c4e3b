import Foundation

/// The scalar protocol that every generic numerical routine and every model is written over.
///
/// `Real` asks only for field arithmetic, an ordering and the elementary functions the claims
/// need, so that forward-mode dual numbers (`Dual<T>`) can conform to it as well as the IEEE
/// types. Conversions from `Int` and `Double` must be exact whenever the value is representable:
/// that is what lets a `Double` data set be re-solved in `Float80` as *the same problem*.
public protocol Real: FieldElement, Comparable, Sendable {
    init(_ value: Int)
    /// Embeds a `Double`. For `Double` and `Float80` this is exact (Float80 has a 64-bit
    /// significand, so every Double is representable).
    init(_ value: Double)
    static var zero: Self { get }
    static var one: Self { get }
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static prefix func - (operand: Self) -> Self
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func sqrt(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

/// Compound assignment in terms of the four operations: non-finite values propagate exactly
/// as they do through `+`, `−`, `×`, `÷`.
extension Real {
    @inlinable @inline(__always) public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable @inline(__always) public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable @inline(__always) public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
    @inlinable @inline(__always) public static func /= (lhs: inout Self, rhs: Self) { lhs = lhs / rhs }
}

/// An IEEE binary floating-point `Real`: `Double` everywhere, `Float80` on x86 Unix.
/// Gives access to machine epsilon (`ulpOfOne`), finiteness tests and `magnitude`.
public protocol RealFloat: Real, BinaryFloatingPoint {}

// The libm entry points are wrapped at file scope so that the static members below do not
// shadow them. glibc documents these as accurate to within one ulp for Double and Float80.
@usableFromInline func _libmExp(_ x: Double) -> Double { Foundation.exp(x) }
@usableFromInline func _libmLog(_ x: Double) -> Double { Foundation.log(x) }
@usableFromInline func _libmLog1p(_ x: Double) -> Double { Foundation.log1p(x) }
@usableFromInline func _libmExpm1(_ x: Double) -> Double { Foundation.expm1(x) }
@usableFromInline func _libmPow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }

/// The libm functions propagate NaN, return ±∞ or 0 on overflow and underflow, and follow C99
/// Annex F at special points (log 0 = −∞, log of a negative number = NaN, pow per C99); they
/// never throw. Callers that need typed errors check finiteness of the result.
extension Double: RealFloat {
    @inlinable public static var one: Double { 1 }
    @inlinable public static func exp(_ x: Double) -> Double { _libmExp(x) }
    @inlinable public static func log(_ x: Double) -> Double { _libmLog(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { _libmLog1p(x) }
    @inlinable public static func expm1(_ x: Double) -> Double { _libmExpm1(x) }
    /// Correctly rounded (IEEE 754 square root).
    @inlinable public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { _libmPow(x, y) }
}

#if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
@usableFromInline func _libmExp(_ x: Float80) -> Float80 { Foundation.exp(x) }
@usableFromInline func _libmLog(_ x: Float80) -> Float80 { Foundation.log(x) }
@usableFromInline func _libmLog1p(_ x: Float80) -> Float80 { Foundation.log1p(x) }
@usableFromInline func _libmExpm1(_ x: Float80) -> Float80 { Foundation.expm1(x) }
@usableFromInline func _libmPow(_ x: Float80, _ y: Float80) -> Float80 { Foundation.pow(x, y) }

/// As for Double: C99 Annex F special values, NaN propagates, nothing throws.
extension Float80: RealFloat {
    @inlinable public static var one: Float80 { 1 }
    @inlinable public static func exp(_ x: Float80) -> Float80 { _libmExp(x) }
    @inlinable public static func log(_ x: Float80) -> Float80 { _libmLog(x) }
    @inlinable public static func log1p(_ x: Float80) -> Float80 { _libmLog1p(x) }
    @inlinable public static func expm1(_ x: Float80) -> Float80 { _libmExpm1(x) }
    @inlinable public static func sqrt(_ x: Float80) -> Float80 { x.squareRoot() }
    @inlinable public static func pow(_ x: Float80, _ y: Float80) -> Float80 { _libmPow(x, y) }
}
#endif

/// tanh over any `Real`, from expm1 only: with t = expm1(−2|u|) ∈ (−1, 0], tanh|u| = −t/(2 + t).
/// No overflow for any finite u (the argument of expm1 is ≤ 0), odd by construction, and on dual
/// numbers its derivative part is (1 − tanh²u)·du by the chain rule.
@inlinable
public func stableTanh<T: Real>(_ u: T) -> T {
    let negative = u < .zero
    let a = negative ? -u : u
    let t = T.expm1(-(a + a))
    let r = -t / (t + T(2))
    return negative ? -r : r
}

/// max(a, b) that returns NaN when either argument is NaN — for running maxima of errors and residuals, where Swift's
/// `max` (which returns its first argument when the comparison is false) would silently drop a NaN term.
@inlinable
public func propagatingMax<T: FloatingPoint>(_ a: T, _ b: T) -> T {
    a.isNaN || b.isNaN ? .nan : (a < b ? b : a)
}
