import Foundation

/// A `RealFloat` with the circular functions (libm: within about an ulp for Double and Float80) and π rounded to the
/// type, for formulas such as the arc-cosine kernel that must run in both precisions.
public protocol TrigonometricFloat: RealFloat {
    static func cosine(_ x: Self) -> Self
    static func sine(_ x: Self) -> Self
    static func arcCosine(_ x: Self) -> Self
    static func arcSine(_ x: Self) -> Self
    static var piValue: Self { get }
}

@usableFromInline func _libmCos(_ x: Double) -> Double { Foundation.cos(x) }
@usableFromInline func _libmSin(_ x: Double) -> Double { Foundation.sin(x) }
@usableFromInline func _libmAcos(_ x: Double) -> Double { Foundation.acos(x) }
@usableFromInline func _libmAsin(_ x: Double) -> Double { Foundation.asin(x) }

extension Double: TrigonometricFloat {
    @inlinable public static func cosine(_ x: Double) -> Double { _libmCos(x) }
    @inlinable public static func sine(_ x: Double) -> Double { _libmSin(x) }
    @inlinable public static func arcCosine(_ x: Double) -> Double { _libmAcos(x) }
    @inlinable public static func arcSine(_ x: Double) -> Double { _libmAsin(x) }
    @inlinable public static var piValue: Double { .pi }
}

#if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
@usableFromInline func _libmCos(_ x: Float80) -> Float80 { Foundation.cos(x) }
@usableFromInline func _libmSin(_ x: Float80) -> Float80 { Foundation.sin(x) }
@usableFromInline func _libmAcos(_ x: Float80) -> Float80 { Foundation.acos(x) }
@usableFromInline func _libmAsin(_ x: Float80) -> Float80 { Foundation.asin(x) }

extension Float80: TrigonometricFloat {
    @inlinable public static func cosine(_ x: Float80) -> Float80 { _libmCos(x) }
    @inlinable public static func sine(_ x: Float80) -> Float80 { _libmSin(x) }
    @inlinable public static func arcCosine(_ x: Float80) -> Float80 { _libmAcos(x) }
    @inlinable public static func arcSine(_ x: Float80) -> Float80 { _libmAsin(x) }
    @inlinable public static var piValue: Float80 { .pi }
}
#endif
