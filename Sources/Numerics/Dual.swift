/// Forward-mode dual number v + d·ε with ε² = 0.
///
/// Evaluating f on `Dual(x, u)` yields `Dual(f(x), f'(x)·u)`: the directional derivative is
/// computed by the chain rule, with no truncation error (only the rounding of the arithmetic).
/// `Dual<Dual<T>>` carries two independent directions and its mixed part is the exact second
/// directional derivative, which is how `Derivatives.hessianVectorProduct` works.
///
/// Ordering and equality look at `value` only for `<`; `==` compares both parts.
///
/// Non-finite values: nothing throws (the operations are those of `Real`); NaN and ±∞ propagate
/// as in IEEE arithmetic, with one rule on top — a **zero derivative part gives a zero
/// derivative part** whenever the chain rule would otherwise form 0·∞ or 0/0. Along a
/// direction that does not move an argument the directional derivative is 0 even where the
/// function's own derivative is infinite (√x and x^½ at 0, log at 0), so such a point does not
/// turn the derivatives along the other coordinates into NaN. (This is exact: f(x + 0·ε) = f(x)
/// has derivative part 0.) Ties go the IEEE way in every other case.
public struct Dual<T: Real>: Real {
    public var value: T
    public var derivative: T

    /// value + derivative·ε, stored as given (non-finite parts included).
    @inlinable public init(_ value: T, derivative: T) { self.value = value; self.derivative = derivative }
    /// A constant: T(value) with derivative zero.
    @inlinable public init(_ value: Int) { self.value = T(value); self.derivative = .zero }
    /// A constant: T(value) (exact for Double and Float80) with derivative zero; NaN and ±∞ are carried.
    @inlinable public init(_ value: Double) { self.value = T(value); self.derivative = .zero }
    /// A constant (derivative zero).
    @inlinable public init(constant: T) { self.value = constant; self.derivative = .zero }

    /// The constants 0 and 1 (derivative zero).
    @inlinable public static var zero: Dual { Dual(constant: .zero) }
    @inlinable public static var one: Dual { Dual(constant: .one) }

    /// Compares values only (false whenever a value is NaN, as for IEEE numbers).
    @inlinable public static func < (l: Dual, r: Dual) -> Bool { l.value < r.value }
    /// Both parts equal (so a Dual with a NaN part is not equal to itself).
    @inlinable public static func == (l: Dual, r: Dual) -> Bool { l.value == r.value && l.derivative == r.derivative }

    /// Sum, difference, product and quotient by the rules of ε² = 0. NaN and ±∞ propagate; for
    /// `/`, two zero derivative parts give a zero derivative part (see the type's rule).
    @inlinable public static func + (l: Dual, r: Dual) -> Dual { Dual(l.value + r.value, derivative: l.derivative + r.derivative) }
    @inlinable public static func - (l: Dual, r: Dual) -> Dual { Dual(l.value - r.value, derivative: l.derivative - r.derivative) }
    @inlinable public static func * (l: Dual, r: Dual) -> Dual {
        Dual(l.value * r.value, derivative: l.derivative * r.value + l.value * r.derivative)
    }
    @inlinable public static func / (l: Dual, r: Dual) -> Dual {
        let q = l.value / r.value
        let d = (l.derivative - q * r.derivative) / r.value
        return Dual(q, derivative: r.derivative == .zero ? chain(l.derivative, d) : d)
    }

    /// The chain-rule derivative `d` = f′(x)·dx, except that dx = 0 gives 0 (with dx's sign)
    /// where the formula produced NaN from 0·∞ or 0/0. `d != d` is the generic NaN test
    /// (true for IEEE NaN and for a `Dual` with a NaN part).
    @inlinable static func chain(_ dx: T, _ d: T) -> T { dx == .zero && d != d ? dx : d }
    /// −x, exact.
    @inlinable public static prefix func - (x: Dual) -> Dual { Dual(-x.value, derivative: -x.derivative) }

    /// exp, log, log1p and expm1 of the value, with derivative part f′(x)·dx (0 when dx = 0);
    /// NaN and ±∞ propagate, e.g. log of a negative value is NaN in both parts.
    @inlinable public static func exp(_ x: Dual) -> Dual {
        let e = T.exp(x.value)
        return Dual(e, derivative: chain(x.derivative, x.derivative * e))
    }
    @inlinable public static func log(_ x: Dual) -> Dual {
        Dual(T.log(x.value), derivative: chain(x.derivative, x.derivative / x.value))
    }
    @inlinable public static func log1p(_ x: Dual) -> Dual {
        Dual(T.log1p(x.value), derivative: chain(x.derivative, x.derivative / (T.one + x.value)))
    }
    @inlinable public static func expm1(_ x: Dual) -> Dual {
        Dual(T.expm1(x.value), derivative: chain(x.derivative, x.derivative * T.exp(x.value)))
    }
    /// d√x = dx/(2√x): +∞·sign(dx) at x = 0 for dx ≠ 0, and 0 for dx = 0 (not 0/0).
    @inlinable public static func sqrt(_ x: Dual) -> Dual {
        let s = T.sqrt(x.value)
        return Dual(s, derivative: chain(x.derivative, x.derivative / (s + s)))
    }
    /// d(x^y) = y x^(y−1) dx + x^y log(x) dy; the log term is omitted when dy = 0 so that
    /// negative bases with constant integer exponents stay finite, and the first term is 0 when
    /// dx = 0 even where x^(y−1) is infinite (x = 0, y < 1).
    @inlinable public static func pow(_ x: Dual, _ y: Dual) -> Dual {
        let z = T.pow(x.value, y.value)
        var d = chain(x.derivative, y.value * T.pow(x.value, y.value - T.one) * x.derivative)
        if y.derivative != .zero { d += z * T.log(x.value) * y.derivative }
        return Dual(z, derivative: d)
    }
}

/// A scalar function of a vector, written once over any `Real` so it can be evaluated on
/// floating-point numbers and on (nested) dual numbers alike. Implementations decide their own
/// bad-input policy (throw, or propagate NaN); `Derivatives` rethrows what they throw.
public protocol ScalarFunction: Sendable {
    /// Number of inputs the function expects.
    var inputDimension: Int { get }
    func callAsFunction<T: Real>(_ x: [T]) throws -> T
}

/// Exact-to-rounding derivatives by forward-mode automatic differentiation.
///
/// Every entry point throws `.dimensionMismatch` when a length differs from `f.inputDimension`
/// and rethrows what `f` throws. Non-finite values are not checked: they propagate through the
/// dual arithmetic (with `Dual`'s zero-derivative rule), so a NaN derivative means the function
/// or its derivative is undefined or overflowed at that point — it is never replaced by a number.
/// Empty inputs (inputDimension 0) give an empty gradient and a 0×0 Hessian.
public enum Derivatives {
    @inlinable
    static func checkLength<F: ScalarFunction>(_ f: F, _ n: Int, _ op: String) throws {
        guard n == f.inputDimension else {
            throw NumericsError.dimensionMismatch(operation: op, expected: "\(f.inputDimension) inputs", got: "\(n)")
        }
    }

    /// ∇f(x)·u in one forward pass; u = 0 gives 0 even where ∇f is infinite.
    @inlinable
    public static func directionalDerivative<F: ScalarFunction, T: Real>(of f: F, at x: [T], along u: [T]) throws -> T {
        try checkLength(f, x.count, "directional derivative")
        try checkLength(f, u.count, "directional derivative (direction)")
        let xs = (0..<x.count).map { Dual(x[$0], derivative: u[$0]) }
        return try f(xs).derivative
    }

    /// ∇f(x) by n forward passes (one per coordinate direction). An infinite partial derivative
    /// (√x at 0) is ±∞ in its own entry and does not spill NaN into the others.
    @inlinable
    public static func gradient<F: ScalarFunction, T: Real>(of f: F, at x: [T]) throws -> [T] {
        try checkLength(f, x.count, "gradient")
        var xs = x.map { Dual<T>(constant: $0) }
        var g = [T]()
        g.reserveCapacity(x.count)
        for i in 0..<x.count {
            xs[i].derivative = .one
            g.append(try f(xs).derivative)
            xs[i].derivative = .zero
        }
        return g
    }

    /// (∇²f(x)) v by n passes over `Dual<Dual<T>>`: the outer direction is v, the inner one e_i,
    /// and the mixed coefficient is e_iᵀ ∇²f v. No finite differences.
    @inlinable
    public static func hessianVectorProduct<F: ScalarFunction, T: Real>(of f: F, at x: [T], along v: [T]) throws -> [T] {
        try checkLength(f, x.count, "Hessian-vector product")
        try checkLength(f, v.count, "Hessian-vector product (direction)")
        var xs = (0..<x.count).map { Dual<Dual<T>>(Dual(x[$0], derivative: .zero), derivative: Dual(v[$0], derivative: .zero)) }
        var hv = [T]()
        hv.reserveCapacity(x.count)
        for i in 0..<x.count {
            xs[i].value.derivative = .one
            hv.append(try f(xs).derivative.derivative)
            xs[i].value.derivative = .zero
        }
        return hv
    }

    /// The full Hessian assembled column by column from Hessian-vector products with e_j.
    /// It is symmetric only to rounding; pass it through `requireSymmetric` to symmetrise.
    @inlinable
    public static func hessian<F: ScalarFunction, T: Real>(of f: F, at x: [T]) throws -> Matrix<T> {
        let n = x.count
        var h = try Matrix<T>(rows: n, columns: n)
        for j in 0..<n {
            var e = Array(repeating: T.zero, count: n)
            e[j] = .one
            let col = try hessianVectorProduct(of: f, at: x, along: e)
            for i in 0..<n { h[i, j] = col[i] }
        }
        return h
    }
}
