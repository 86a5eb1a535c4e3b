/// Field arithmetic written once for every tier: exact `Rational` (whose operations throw on
/// 128-bit overflow), the IEEE types `Double` and `Float80`, and forward-mode `Dual` numbers.
///
/// A formula that must be evaluated exactly, in floating point and under automatic
/// differentiation (for example a gradient-variance functional) is written once over
/// `FieldElement` with `try a.adding(b)` and so on; there is then one implementation whose exact
/// result certifies the floating-point one. Every `Real` conforms with non-throwing
/// operations (IEEE semantics: overflow gives ±∞, 0/0 gives NaN — callers that need finite
/// results check them); `Rational` conforms with its checked operations, which throw
/// `.overflow` or `.divisionByZero` instead.
public protocol FieldElement: Sendable {
    static var zero: Self { get }
    static var one: Self { get }
    /// The integer n, exactly (every `Int` is exact in `Rational` and `Float80`; in `Double`
    /// for |n| ≤ 2⁵³).
    init(_ n: Int)
    /// The Double x converted exactly (every finite Double is exact in `Rational`, `Float80` and
    /// `Double`), so all tiers work on the same data. Throws `.nonFinite` for NaN or ±∞ in every
    /// type (an IEEE value is refused too, so bad data cannot slip through one tier only).
    init(converting x: Double) throws
    func adding(_ other: Self) throws -> Self
    func subtracting(_ other: Self) throws -> Self
    func multiplied(by other: Self) throws -> Self
    func divided(by other: Self) throws -> Self
}

extension Real {
    @inlinable public init(converting x: Double) throws {
        guard x.isFinite else { throw NumericsError.nonFinite(operation: "FieldElement(converting:)", detail: "\(x)") }
        self.init(x)
    }
    @inlinable @inline(__always) public func adding(_ other: Self) -> Self { self + other }
    @inlinable @inline(__always) public func subtracting(_ other: Self) -> Self { self - other }
    @inlinable @inline(__always) public func multiplied(by other: Self) -> Self { self * other }
    @inlinable @inline(__always) public func divided(by other: Self) -> Self { self / other }
}

extension Rational: FieldElement {
    public init(converting x: Double) throws { try self.init(exactly: x) }
    public func adding(_ other: Rational) throws -> Rational { try self + other }
    public func subtracting(_ other: Rational) throws -> Rational { try self - other }
    public func multiplied(by other: Rational) throws -> Rational { try self * other }
    public func divided(by other: Rational) throws -> Rational { try self / other }
}

/// Vector helpers over any `FieldElement`, so exact and floating-point code share one loop.
public enum FieldVector {
    /// a + b; throws `.dimensionMismatch` for different lengths (and `.overflow` for `Rational`).
    @inlinable
    public static func add<T: FieldElement>(_ a: [T], _ b: [T]) throws -> [T] {
        try requireSameLength(a, b, "field vector add")
        return try (0..<a.count).map { try a[$0].adding(b[$0]) }
    }

    /// a − b; throws `.dimensionMismatch` for different lengths.
    @inlinable
    public static func subtract<T: FieldElement>(_ a: [T], _ b: [T]) throws -> [T] {
        try requireSameLength(a, b, "field vector subtract")
        return try (0..<a.count).map { try a[$0].subtracting(b[$0]) }
    }

    /// s·a.
    @inlinable
    public static func scale<T: FieldElement>(_ a: [T], by s: T) throws -> [T] { try a.map { try $0.multiplied(by: s) } }

    /// Σ a_k b_k in index order; throws `.dimensionMismatch` for different lengths.
    @inlinable
    public static func dot<T: FieldElement>(_ a: [T], _ b: [T]) throws -> T {
        try requireSameLength(a, b, "field vector dot")
        var s = T.zero
        for k in 0..<a.count { s = try s.adding(a[k].multiplied(by: b[k])) }
        return s
    }

    /// The mean (1/n) Σ v_i of n ≥ 1 vectors of one length; throws `.empty` or `.dimensionMismatch`.
    @inlinable
    public static func mean<T: FieldElement>(_ vectors: [[T]]) throws -> [T] {
        guard let first = vectors.first else { throw NumericsError.empty(operation: "field vector mean") }
        var s = Array(repeating: T.zero, count: first.count)
        for v in vectors { s = try add(s, v) }
        let inverse = try T.one.divided(by: T(vectors.count))
        return try scale(s, by: inverse)
    }

    @inlinable
    static func requireSameLength<T>(_ a: [T], _ b: [T], _ op: String) throws {
        guard a.count == b.count else {
            throw NumericsError.dimensionMismatch(operation: op, expected: "length \(a.count)", got: "\(b.count)")
        }
    }
}
