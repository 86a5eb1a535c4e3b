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
}

/// One named number a check produced, with the tier it belongs to and the reason for its tolerance.
public struct Figure: Codable, Equatable, Sendable {
    public let name: String
    public let value: Double
    /// Exact text for exact-tier figures (e.g. "-35/256"); nil otherwise.
    public let exact: String?
    public let tier: EvidenceTier
    public let tolerance: Tolerance
    /// What the number means and why the tolerance is what it is.
    public let note: String

    public init(_ name: String, value: Double, exact: String? = nil, tier: EvidenceTier, tolerance: Tolerance, note: String) {
        self.name = name; self.value = value; self.exact = exact; self.tier = tier; self.tolerance = tolerance; self.note = note
    }

    /// An exact rational figure.
    public static func exact(_ name: String, _ r: Rational, note: String) -> Figure {
        Figure(name, value: r.doubleValue, exact: r.description, tier: .exact, tolerance: .exact, note: note)
    }

    /// An exact integer count.
    public static func count(_ name: String, _ n: Int, note: String) -> Figure {
        Figure(name, value: Double(n), exact: String(n), tier: .exact, tolerance: .exact, note: note)
    }
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
}

/// What a negative control returns: `flagged` must be true for the claim's check to count.
public struct ControlOutcome: Sendable {
    public let flagged: Bool
    public let summary: String
    public let figures: [Figure]
    public init(flagged: Bool, summary: String, figures: [Figure]) {
        self.flagged = flagged; self.summary = summary; self.figures = figures
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
