import Numerics

/// An SGD step-size schedule with exact rational steps: constant α_t = c, or inverse time
/// α_t = c/t (t ≥ 1). The paper's schedules are all of this form: a/β and a/(0.99β) (constant),
/// a/(βt) and a/(0.99βt) (inverse time), with c holding every constant.
public struct StepSchedule: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, Sendable { case constant, inverseTime = "inverse time" }
    public var kind: Kind
    /// c: the step for `constant`, the numerator of c/t for `inverseTime`.
    public var scale: Rational

    public init(_ kind: Kind, scale: Rational) { self.kind = kind; self.scale = scale }
    public static func constant(_ alpha: Rational) -> StepSchedule { StepSchedule(.constant, scale: alpha) }
    public static func inverseTime(_ c: Rational) -> StepSchedule { StepSchedule(.inverseTime, scale: c) }

    /// α_t exactly. Throws for a non-positive scale and for t < 1 under inverse time.
    public func alpha(at t: Int) throws -> Rational {
        guard Rational.zero < scale else { throw NumericsError.invalidArgument(operation: "step schedule", detail: "step scale \(scale) must be > 0") }
        switch kind {
        case .constant: return scale
        case .inverseTime:
            guard t >= 1 else { throw NumericsError.invalidArgument(operation: "step schedule", detail: "a c/t schedule needs t ≥ 1, got t = \(t)") }
            return try scale / Rational(t)
        }
    }

    /// α_t in floating point: the exact rational rounded once per operation (numerator, denominator, ÷ t).
    public func alpha<T: RealFloat>(at t: Int, as _: T.Type) throws -> T {
        let a = try alpha(at: t)
        return T(a.numerator) / T(a.denominator)
    }
}

/// Which update indices t a run performs (the paper's indexing convention C3): constant-step
/// results use t = 0..T−1 (T updates, output w_T); "for 1 ≤ t < T" uses t = 1..T−1; "T
/// iterations" of an inverse-time schedule uses t = 1..T.
public struct UpdatePlan: Codable, Equatable, Sendable {
    public var first: Int
    public var count: Int
    public init(first: Int, count: Int) { self.first = first; self.count = count }
    public var indices: Range<Int> { first..<(first + count) }
}
