/// The verdict vocabulary shared with the claim catalogs, plus two outcomes that always fail the
/// gate: VIOLATED (the check found the stated relation false and nothing explains it) and ERROR
/// (the check could not run). A claim's verdict is never declared: it is derived from its
/// figures by `VerdictRules`; the catalog's verdict is declared as the *expectation*.
public enum Verdict: String, Codable, Sendable, CaseIterable {
    case holds = "HOLDS"
    case holdsLoose = "HOLDS-LOOSE"
    case refutedAsStated = "REFUTED-AS-STATED"
    case vacuous = "VACUOUS"
    case uncheckableConstant = "UNCHECKABLE-CONSTANT"
    case cited = "CITED"
    case empirical = "EMPIRICAL"
    case definition = "DEFINITION"
    case violated = "VIOLATED"
    case error = "ERROR"

    /// VIOLATED and ERROR fail the gate whatever the expectation.
    public var isFailure: Bool { self == .violated || self == .error }

    /// True for the verdicts a repaired, substitute or explicit-constant statement must reach.
    public var affirms: Bool { self == .holds || self == .holdsLoose }

    /// One sentence per verdict, used by the report and `explain`.
    public var meaning: String {
        switch self {
        case .holds: return "the statement is true on its construction at the stated tier"
        case .holdsLoose: return "true, but the bound exceeds the best attained value by more than the statement's looseness threshold (factor reported)"
        case .refutedAsStated: return "a counterexample meets every hypothesis; the repaired statement shown beside it is checked and holds"
        case .vacuous: return "the hypotheses cannot be met non-trivially (the check shows why); a substitute statement is checked and holds"
        case .uncheckableConstant: return "the statement has an unspecified constant; the largest constant the data allow is reported and an explicit-constant variant is checked and holds"
        case .cited: return "a result the paper quotes; the relations we can check are checked"
        case .empirical: return "an experiment reproduced at small scale; figures reported, asserted only where a proved statement implies them"
        case .definition: return "a definition; the properties it needs (well-posedness, identities it implies) are checked"
        case .violated: return "the check found the stated relation false and no repair explains it, or the construction failed its own hypotheses"
        case .error: return "the check could not run; the message says why"
        }
    }
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
    /// `a < b` when a is weaker evidence than b.
    public static func < (a: EvidenceTier, b: EvidenceTier) -> Bool { a.strength > b.strength }
}

/// What kind of statement a claim is. The form selects which verdicts the figures can produce
/// (`VerdictRules`); it is a property of the paper's sentence, not of our findings.
public enum StatementForm: String, Codable, Sendable, CaseIterable {
    /// A mathematical assertion (theorem, lemma, proposition, identity, remark): HOLDS,
    /// HOLDS-LOOSE, REFUTED-AS-STATED or VACUOUS.
    case theorem
    /// A definition: DEFINITION when its checked properties hold.
    case definition
    /// A result the paper quotes: CITED when its checkable relations hold.
    case cited
    /// An experiment: EMPIRICAL when the asserted regression figures hold.
    case empirical
    /// An assertion with an unspecified constant: UNCHECKABLE-CONSTANT when the largest constant
    /// the data allow is reported and an explicit-constant variant holds.
    case unspecifiedConstant = "unspecified-constant"
}
