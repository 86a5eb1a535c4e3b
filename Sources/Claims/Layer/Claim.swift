import Numerics

/// A paper of the catalog.
public struct Paper: Sendable, Codable, Equatable {
    public let id: String
    public let title: String
    public let authors: String
    /// How the paper is identified, e.g. "arXiv:2512.07676" or "anonymous submission under review".
    public let source: String
    public let idPrefix: String
    /// The folder under Sources/Claims/ that holds one file per claim of this paper.
    public let folder: String
    public init(id: String, title: String, authors: String, source: String, idPrefix: String, folder: String) {
        self.id = id; self.title = title; self.authors = authors; self.source = source; self.idPrefix = idPrefix; self.folder = folder
    }
}

/// One claim: the catalog's stable ID, where it sits in the paper, its statement (with setup,
/// check and controls), optionally a repaired / substitute / explicit-constant statement, the
/// verdict the catalog leads us to expect, and the tiers its figures reach.
public struct Claim: Sendable {
    /// The catalog's stable ID, e.g. "BS-EQ10".
    public let id: String
    public let paper: Paper
    /// Where the claim sits in the paper (section, equation, theorem).
    public let location: String
    public let title: String
    /// The verdict the catalog leads us to expect. The verdict itself is derived from the figures;
    /// `verify`, `check` and the tests fail when the two differ.
    public let expectedVerdict: Verdict
    /// Every tier of the statement's asserted figures, strongest first; checked against the figures
    /// so that the report can never claim a tier the code does not deliver.
    public let tiers: [EvidenceTier]
    /// The figure whose value the summary table shows.
    public let keyFigure: String
    /// Errors, typos and ambiguous sentences of the source, with the reading we encode, in our words.
    public let errata: [String]
    public let statement: AnyStatement
    public let repair: Repair?

    public init<Setup: ClaimSetup>(_ id: String, paper: Paper, location: String, title: String, expected: Verdict,
                                   tiers: [EvidenceTier], keyFigure: String, errata: [String] = [],
                                   statement: Statement<Setup>, repair: Repair? = nil) {
        self.id = id; self.paper = paper; self.location = location; self.title = title
        self.expectedVerdict = expected; self.tiers = tiers; self.keyFigure = keyFigure; self.errata = errata
        self.statement = AnyStatement(statement); self.repair = repair
    }

    /// The Swift identifier form of the ID, which names the claim's source file, its enum and
    /// its test suite: every '-' and '.' becomes '_' (`WU-T2.1` → `WU_T2_1`).
    public var identifier: String { Claim.identifier(for: id) }

    public static func identifier(for id: String) -> String {
        String(id.map { $0 == "-" || $0 == "." ? "_" : $0 })
    }
}

/// The statement that stands beside a refuted, vacuous or constant-free claim and must HOLD:
/// the repaired statement (REFUTED-AS-STATED), the substitute (VACUOUS) or the explicit-constant
/// variant (UNCHECKABLE-CONSTANT). It is either written inline or is another registered claim
/// (when the catalog gives the repair an ID of its own, e.g. "HC-T2-CORR").
public struct Repair: Sendable {
    public enum Target: Sendable {
        case inline(AnyStatement)
        case registered(String)
    }
    public let target: Target

    public static func inline<Setup: ClaimSetup>(_ statement: Statement<Setup>) -> Repair {
        Repair(target: .inline(AnyStatement(statement)))
    }

    public static func claim(_ id: String) -> Repair { Repair(target: .registered(id)) }

    public var registeredID: String? {
        if case .registered(let id) = target { return id }
        return nil
    }
}

/// A control as declared (for `explain` and the report), independent of any run.
public struct ControlDeclaration: Codable, Equatable, Sendable {
    public let name: String
    public let description: String
    /// "drops hypothesis 'sampling'", "mutation", or "different code: <reason>".
    public let kind: String
    public let expectation: String
}

/// A type-erased `Statement`: its description, and a function that runs its check and controls.
public struct AnyStatement: Sendable {
    public let text: String
    public let form: StatementForm
    public let hypotheses: [Hypothesis]
    public let construction: String
    public let samples: [SampleCount]
    public let looseAbove: Double
    public let setupFields: [SetupField]
    public let controls: [ControlDeclaration]
    let evaluate: @Sendable (Scale, Bool) async -> StatementRun

    public init<Setup: ClaimSetup>(_ s: Statement<Setup>) {
        text = s.text; form = s.form; hypotheses = s.hypotheses; construction = s.construction
        samples = s.samples; looseAbove = s.looseAbove
        setupFields = SetupFields.describe(s.setup)
        controls = s.controls.map { ControlDeclaration(name: $0.name, description: $0.description, kind: $0.kindText, expectation: $0.expectation.rawValue) }
        evaluate = { scale, parallel in await StatementEvaluation.run(s, scale: scale, parallel: parallel) }
    }
}

extension Control {
    var kindText: String {
        switch kind {
        case .dropsHypothesis(let f): return "drops hypothesis '\(f)'"
        case .mutation: return expectation == .passes ? "sanity check" : "mutation"
        case .differentCode(let why): return "different code: \(why)"
        }
    }
}
