import Numerics

/// What a figure does for the verdict.
public enum FigureRole: String, Codable, Sendable, CaseIterable {
    /// Part of what the statement asserts. All met: the statement holds on this construction;
    /// one unmet while every hypothesis figure is met: a counterexample. A negative control is
    /// flagged only when one of these (or a vacuity figure) fails.
    case conclusion
    /// Shows that the construction meets a hypothesis (e.g. a Lipschitz constant computed on the
    /// stated domain). Unmet: the construction is inadmissible and cannot refute anything.
    case hypothesis
    /// Shows that the hypotheses cannot be met non-trivially (VACUOUS).
    case vacuity
    /// Two independent routes to the same number agree (e.g. an exact value and a simulation of
    /// the full dynamics). Unmet: the evidence is inconsistent, so it can neither confirm nor
    /// refute; a control is never flagged by one.
    case crossCheck = "cross-check"
    /// The ratio bound / best attained value (≥ 1); above the statement's threshold: HOLDS-LOOSE.
    case looseness
    /// The largest constant the data allow, for a statement with an unspecified constant.
    case impliedConstant = "implied-constant"
    /// Context only.
    case reported

    /// Roles whose figures carry a requirement.
    public var isAsserted: Bool { self == .conclusion || self == .hypothesis || self == .vacuity || self == .crossCheck }
}

/// How far a figure may move from its baseline before `sgd-claims check` fails.
public enum Tolerance: Codable, Equatable, Sendable {
    /// The exact text (a rational, an integer count) and the value must match.
    case exact
    /// |value − baseline| ≤ bound.
    case absolute(Double)
    /// |value − baseline| ≤ bound·|baseline|.
    case relative(Double)

    public func accepts(_ value: Double, baseline: Double) -> Bool {
        switch self {
        case .exact: return value == baseline
        case .absolute(let b): return abs(value - baseline) <= b
        case .relative(let b): return abs(value - baseline) <= b * abs(baseline)
        }
    }

    public var summary: String {
        switch self {
        case .exact: return "exact"
        case .absolute(let b): return "± \(b)"
        case .relative(let b): return "± \(b) relative"
        }
    }

    enum CodingKeys: String, CodingKey { case kind, bound }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "exact": self = .exact
        case "absolute": self = .absolute(try c.decode(Double.self, forKey: .bound))
        case "relative": self = .relative(try c.decode(Double.self, forKey: .bound))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown tolerance kind '\(other)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .exact: try c.encode("exact", forKey: .kind)
        case .absolute(let b): try c.encode("absolute", forKey: .kind); try c.encode(b, forKey: .bound)
        case .relative(let b): try c.encode("relative", forKey: .kind); try c.encode(b, forKey: .bound)
        }
    }
}

/// What a figure must satisfy. Numeric comparisons are false for a non-finite value, so a NaN
/// can never meet a requirement (nor hide a failure).
public enum Requirement: Codable, Equatable, Sendable {
    /// The exact text must equal this (e.g. "0", or another figure's exact value).
    case equals(String)
    /// The exact text must differ from this.
    case differsFrom(String)
    /// value ≤ bound (the boundary itself meets it).
    case atMost(Double)
    /// value < bound.
    case lessThan(Double)
    /// value ≥ bound (the boundary itself meets it).
    case atLeast(Double)
    /// value > bound.
    case greaterThan(Double)
    /// lower ≤ value ≤ upper.
    case between(Double, Double)

    /// A figure with an enclosure (certified tier) meets a numeric requirement only if every point
    /// of the enclosure does: ≤ b needs upper ≤ b, ≥ b needs lower ≥ b, and so on.
    public func isMet(by f: Figure) -> Bool {
        if let e = f.enclosure, !needsExactText {
            let (lo, hi) = (e.lower, e.upper)
            guard lo.isFinite, hi.isFinite, lo <= hi else { return false }
            switch self {
            case .atMost(let b): return hi <= b
            case .lessThan(let b): return hi < b
            case .atLeast(let b): return lo >= b
            case .greaterThan(let b): return lo > b
            case .between(let l, let u): return l <= lo && hi <= u
            case .equals, .differsFrom: return false
            }
        }
        let v = f.value
        switch self {
        case .equals(let t): return f.exact.map { Requirement.sameExact($0, t) } ?? false
        case .differsFrom(let t): return f.exact.map { !Requirement.sameExact($0, t) } ?? false
        case .atMost(let b): return v.isFinite && v <= b
        case .lessThan(let b): return v.isFinite && v < b
        case .atLeast(let b): return v.isFinite && v >= b
        case .greaterThan(let b): return v.isFinite && v > b
        case .between(let lo, let hi): return v.isFinite && lo <= v && v <= hi
        }
    }

    /// Exact texts denote the same number: compared as rationals when both parse ("2/4" = "1/2"),
    /// as text otherwise.
    static func sameExact(_ a: String, _ b: String) -> Bool {
        if let x = Rational(a), let y = Rational(b) { return x == y }
        return a == b
    }

    /// Requirements on exact text need an exact figure.
    var needsExactText: Bool {
        switch self {
        case .equals, .differsFrom: return true
        default: return false
        }
    }

    public var summary: String {
        switch self {
        case .equals(let t): return "= \(t)"
        case .differsFrom(let t): return "≠ \(t)"
        case .atMost(let b): return "≤ \(b)"
        case .lessThan(let b): return "< \(b)"
        case .atLeast(let b): return "≥ \(b)"
        case .greaterThan(let b): return "> \(b)"
        case .between(let lo, let hi): return "∈ [\(lo), \(hi)]"
        }
    }

    enum CodingKeys: String, CodingKey { case kind, exact, bound, upper }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "equals": self = .equals(try c.decode(String.self, forKey: .exact))
        case "differsFrom": self = .differsFrom(try c.decode(String.self, forKey: .exact))
        case "atMost": self = .atMost(try c.decode(Double.self, forKey: .bound))
        case "lessThan": self = .lessThan(try c.decode(Double.self, forKey: .bound))
        case "atLeast": self = .atLeast(try c.decode(Double.self, forKey: .bound))
        case "greaterThan": self = .greaterThan(try c.decode(Double.self, forKey: .bound))
        case "between": self = .between(try c.decode(Double.self, forKey: .bound), try c.decode(Double.self, forKey: .upper))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown requirement kind '\(other)'")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .equals(let t): try c.encode("equals", forKey: .kind); try c.encode(t, forKey: .exact)
        case .differsFrom(let t): try c.encode("differsFrom", forKey: .kind); try c.encode(t, forKey: .exact)
        case .atMost(let b): try c.encode("atMost", forKey: .kind); try c.encode(b, forKey: .bound)
        case .lessThan(let b): try c.encode("lessThan", forKey: .kind); try c.encode(b, forKey: .bound)
        case .atLeast(let b): try c.encode("atLeast", forKey: .kind); try c.encode(b, forKey: .bound)
        case .greaterThan(let b): try c.encode("greaterThan", forKey: .kind); try c.encode(b, forKey: .bound)
        case .between(let lo, let hi):
            try c.encode("between", forKey: .kind); try c.encode(lo, forKey: .bound); try c.encode(hi, forKey: .upper)
        }
    }
}

/// One number a check produced: a stable ASCII `key` that tests and baselines use, a display
/// `label`, its tier, its role in the verdict, what it must satisfy, and the reason for its
/// baseline tolerance.
public struct Figure: Codable, Equatable, Sendable {
    /// Stable ASCII identifier, e.g. `maxAbsDiff[N=6,B=2]`; see `FigureKey.problem`.
    public let key: String
    /// Human-readable name; may use Unicode. Renaming it breaks nothing.
    public let label: String
    public let value: Double
    /// Exact text for exact-tier figures (e.g. "-35/256"); nil otherwise.
    public let exact: String?
    public let tier: EvidenceTier
    public let role: FigureRole
    /// What the value must satisfy; present exactly for the asserted roles.
    public let requirement: Requirement?
    public let tolerance: Tolerance
    /// What the number means and why its requirement and tolerance are what they are.
    public let note: String
    /// For certified figures: an interval guaranteed to contain the true value (`value` is its midpoint).
    public let enclosure: Enclosure?

    public struct Enclosure: Codable, Equatable, Sendable {
        public let lower: Double
        public let upper: Double
    }

    public init(_ key: String, _ label: String, value: Double, exact: String? = nil, tier: EvidenceTier,
                role: FigureRole? = nil, requirement: Requirement? = nil, tolerance: Tolerance, note: String,
                enclosure: Enclosure? = nil) {
        self.key = key; self.label = label; self.value = value; self.exact = exact; self.tier = tier
        self.role = role ?? (requirement == nil ? .reported : .conclusion)
        self.requirement = requirement; self.tolerance = tolerance; self.note = note; self.enclosure = enclosure
    }

    /// A certified figure: the true value lies in `interval` (outward-rounded arithmetic).
    public static func certified(_ key: String, _ label: String, _ interval: Interval, role: FigureRole? = nil,
                                 requirement: Requirement? = nil, tolerance: Tolerance, note: String) -> Figure {
        Figure(key, label, value: interval.midpoint, tier: .certified, role: role, requirement: requirement, tolerance: tolerance,
               note: note, enclosure: Enclosure(lower: interval.lower, upper: interval.upper))
    }

    /// An exact rational figure (tolerance: exact).
    public static func exact(_ key: String, _ label: String, _ r: Rational, role: FigureRole? = nil,
                             requirement: Requirement? = nil, note: String) -> Figure {
        Figure(key, label, value: r.doubleValue, exact: r.description, tier: .exact, role: role,
               requirement: requirement, tolerance: .exact, note: note)
    }

    /// An integer count (tolerance: exact). Its tier is exact unless what is counted was decided in floating point
    /// (e.g. a Double test of an inequality): then pass that tier.
    public static func count(_ key: String, _ label: String, _ n: Int, role: FigureRole? = nil,
                             requirement: Requirement? = nil, tier: EvidenceTier = .exact, note: String) -> Figure {
        Figure(key, label, value: Double(n), exact: String(n), tier: tier, role: role,
               requirement: requirement, tolerance: .exact, note: note)
    }

    /// An exact figure when the quantity is exact, a certified one (with its enclosure) otherwise.
    public static func quantity(_ key: String, _ label: String, _ q: Quantity, role: FigureRole? = nil,
                                requirement: Requirement? = nil, tolerance: Tolerance, note: String) -> Figure {
        switch q {
        case .exact(let r): return .exact(key, label, r, role: role, requirement: requirement, note: note)
        case .enclosure(let i): return .certified(key, label, i, role: role, requirement: requirement, tolerance: tolerance, note: note)
        }
    }

    /// True when there is no requirement or it is met.
    public var requirementMet: Bool { requirement?.isMet(by: self) ?? true }

    /// The value as the report prints it: the exact text, or Swift's shortest round-trip
    /// decimal (deterministic), or a plain word for non-finite values.
    public var displayValue: String {
        if let e = exact { return e }
        if let e = enclosure { return "[\(e.lower), \(e.upper)]" }
        return value.isFinite ? "\(value)" : "non-finite (\(value))"
    }
}

/// The rules for figure keys and plot keys.
public enum FigureKey {
    /// Characters a figure key may contain: printable ASCII except space and the characters
    /// that Markdown tables, JSON or the baseline's "control :: key" separator would mangle.
    static let forbidden: Set<Character> = [" ", "\"", "\\", "`", "|", "#"]

    /// Nil when `key` is a valid figure key, else why not.
    public static func problem(_ key: String) -> String? {
        if key.isEmpty { return "empty figure key" }
        if key.count > 120 { return "figure key '\(key.prefix(40))…' is longer than 120 characters" }
        for ch in key {
            guard ch.isASCII, let a = ch.asciiValue, a >= 0x21, a <= 0x7E, !forbidden.contains(ch) else {
                return "figure key '\(key)' contains '\(ch)': use printable ASCII without spaces, quotes, backslash, backtick, '|' or '#'"
            }
        }
        if key.contains("::") { return "figure key '\(key)' contains '::' (reserved as a separator)" }
        return nil
    }

    /// Nil when `key` is a valid plot key (it becomes part of a file name), else why not.
    public static func plotProblem(_ key: String) -> String? {
        let ok = !key.isEmpty && key.count <= 60 && key.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        return ok ? nil : "plot key '\(key)' must be 1–60 characters of a–z, 0–9 and '-'"
    }
}
