import Numerics

/// The verdict vocabulary shared with the claim catalogs (see DESIGN.md), plus two outcomes of
/// our own: VIOLATED (the check found the stated relation false on its construction) and ERROR
/// (the check could not be run; the message says why).
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case holds = "HOLDS"
    case holdsLoose = "HOLDS-LOOSE"
    case refutedAsStated = "REFUTED-AS-STATED"
    case uncheckableConstant = "UNCHECKABLE-CONSTANT"
    case cited = "CITED"
    case empirical = "EMPIRICAL"
    case violated = "VIOLATED"
    case error = "ERROR"
}

/// Kinds of evidence, strongest first.
public enum EvidenceTier: String, Codable, Sendable, CaseIterable, Comparable {
    /// Rational arithmetic or enumeration of a finite sampling distribution: no rounding at all.
    case exact
    /// Interval enclosure with outward rounding.
    case certified
    /// Double and Float80 (or Double and an exact reference) agree within a derived rounding bound.
    case numerical
    /// Monte Carlo with a stated confidence level and sample count, seeds fixed.
    case statistical

    var strength: Int { EvidenceTier.allCases.firstIndex(of: self)! } // every case is in allCases
    public static func < (a: EvidenceTier, b: EvidenceTier) -> Bool { a.strength > b.strength }
}

/// How far a figure may move from its baseline before `sgd-claims check` fails.
public enum Tolerance: Codable, Equatable, Sendable {
    /// The exact text (a rational, an integer count) must match.
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

/// What a figure must satisfy for the check (or the negative control) that produced it.
/// Verdicts are derived from these, so the report shows exactly what was decided and why.
public enum Requirement: Codable, Equatable, Sendable {
    /// The exact text must equal this (e.g. "0", or another figure's exact value).
    case equals(String)
    /// The exact text must differ from this.
    case differsFrom(String)
    /// value ≤ bound.
    case atMost(Double)
    /// value > bound.
    case greaterThan(Double)

    public func isMet(by f: Figure) -> Bool {
        switch self {
        case .equals(let t): return f.exact == t
        case .differsFrom(let t): return f.exact != nil && f.exact != t
        case .atMost(let b): return f.value.isFinite && f.value <= b
        case .greaterThan(let b): return f.value.isFinite && f.value > b
        }
    }

    public var summary: String {
        switch self {
        case .equals(let t): return "= \(t)"
        case .differsFrom(let t): return "≠ \(t)"
        case .atMost(let b): return "≤ \(b)"
        case .greaterThan(let b): return "> \(b)"
        }
    }

    enum CodingKeys: String, CodingKey { case kind, exact, bound }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "equals": self = .equals(try c.decode(String.self, forKey: .exact))
        case "differsFrom": self = .differsFrom(try c.decode(String.self, forKey: .exact))
        case "atMost": self = .atMost(try c.decode(Double.self, forKey: .bound))
        case "greaterThan": self = .greaterThan(try c.decode(Double.self, forKey: .bound))
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
        case .greaterThan(let b): try c.encode("greaterThan", forKey: .kind); try c.encode(b, forKey: .bound)
        }
    }
}

/// One named number a check produced, with its tier, what it must satisfy, and the reason
/// for its baseline tolerance.
public struct Figure: Codable, Equatable, Sendable {
    public let name: String
    public let value: Double
    /// Exact text for exact-tier figures (e.g. "-35/256"); nil otherwise.
    public let exact: String?
    public let tier: EvidenceTier
    /// What the value must satisfy; nil for figures that are reported only.
    public let requirement: Requirement?
    public let tolerance: Tolerance
    /// What the number means and why the tolerance is what it is.
    public let note: String

    public init(_ name: String, value: Double, exact: String? = nil, tier: EvidenceTier, requirement: Requirement? = nil,
                tolerance: Tolerance, note: String) {
        self.name = name; self.value = value; self.exact = exact; self.tier = tier
        self.requirement = requirement; self.tolerance = tolerance; self.note = note
    }

    /// An exact rational figure.
    public static func exact(_ name: String, _ r: Rational, requirement: Requirement? = nil, note: String) -> Figure {
        Figure(name, value: r.doubleValue, exact: r.description, tier: .exact, requirement: requirement, tolerance: .exact, note: note)
    }

    /// An exact integer count.
    public static func count(_ name: String, _ n: Int, note: String) -> Figure {
        Figure(name, value: Double(n), exact: String(n), tier: .exact, tolerance: .exact, note: note)
    }

    /// True when there is no requirement or it is met.
    public var requirementMet: Bool { requirement?.isMet(by: self) ?? true }
}

/// What a claim's check returns.
public struct CheckOutcome: Sendable {
    public let verdict: Verdict
    /// The highest tier this outcome honestly reached.
    public let tier: EvidenceTier
    public let summary: String
    public let figures: [Figure]
    public init(verdict: Verdict, tier: EvidenceTier, summary: String, figures: [Figure]) {
        self.verdict = verdict; self.tier = tier; self.summary = summary; self.figures = figures
    }

    /// HOLDS when every figure meets its requirement, VIOLATED otherwise (naming the figures
    /// that failed), so the verdict and the report can never disagree.
    public static func fromRequirements(_ figures: [Figure], tier: EvidenceTier, holds: String) -> CheckOutcome {
        let failed = figures.filter { !$0.requirementMet }
        if failed.isEmpty { return CheckOutcome(verdict: .holds, tier: tier, summary: holds, figures: figures) }
        return CheckOutcome(verdict: .violated, tier: tier,
                            summary: "Requirement not met by: " + failed.map(\.name).joined(separator: "; ") + ".",
                            figures: figures)
    }
}

/// What a negative control returns: `flagged` must be true for the claim's check to count.
public struct ControlOutcome: Sendable {
    public let flagged: Bool
    public let summary: String
    public let figures: [Figure]
    public init(flagged: Bool, summary: String, figures: [Figure]) {
        self.flagged = flagged; self.summary = summary; self.figures = figures
    }

    /// Flagged when every figure meets its requirement (the requirements state what the
    /// mutation must produce, e.g. a non-zero discrepancy or a ratio above its bound).
    public static func fromRequirements(_ figures: [Figure], flagged: String) -> ControlOutcome {
        let failed = figures.filter { !$0.requirementMet }
        if failed.isEmpty { return ControlOutcome(flagged: true, summary: flagged, figures: figures) }
        return ControlOutcome(flagged: false,
                              summary: "The control was not flagged; requirement not met by: " + failed.map(\.name).joined(separator: "; ") + ".",
                              figures: figures)
    }
}

/// A mutation of the construction or a dropped hypothesis that the claim's own comparison must flag.
public struct NegativeControl: Sendable {
    public let name: String
    public let description: String
    public let run: @Sendable () throws -> ControlOutcome
    public init(name: String, description: String, run: @escaping @Sendable () throws -> ControlOutcome) {
        self.name = name; self.description = description; self.run = run
    }
}

/// A paper of the catalog.
public struct Paper: Sendable, Codable, Equatable {
    public let id: String
    public let title: String
    public let authors: String
    public let arXiv: String
    public let idPrefix: String
}

/// One claim of a paper, its construction, its check and its negative controls.
public struct Claim: Sendable {
    /// The catalog's stable ID, e.g. "BS-EQ10".
    public let id: String
    public let paper: Paper
    /// Where the claim sits in the paper (section, equation, theorem).
    public let location: String
    public let title: String
    /// The statement, in our own words.
    public let statement: String
    public let hypotheses: [String]
    public let construction: String
    /// Every tier the check touches, strongest first.
    public let tiers: [EvidenceTier]
    /// The verdict the catalog leads us to expect; `verify` and the tests fail on any other.
    public let expectedVerdict: Verdict
    public let errata: [String]
    public let check: @Sendable () throws -> CheckOutcome
    public let controls: [NegativeControl]

    public init(id: String, paper: Paper, location: String, title: String, statement: String, hypotheses: [String],
                construction: String, tiers: [EvidenceTier], expectedVerdict: Verdict, errata: [String] = [],
                check: @escaping @Sendable () throws -> CheckOutcome, controls: [NegativeControl]) {
        self.id = id; self.paper = paper; self.location = location; self.title = title; self.statement = statement
        self.hypotheses = hypotheses; self.construction = construction; self.tiers = tiers
        self.expectedVerdict = expectedVerdict; self.errata = errata; self.check = check; self.controls = controls
    }
}
