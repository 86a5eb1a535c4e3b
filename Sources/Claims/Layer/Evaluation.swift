import Foundation
import Numerics

/// One field of a setup as text (JSON for composite values), in declaration order.
public struct SetupField: Codable, Equatable, Sendable {
    public let name: String
    public let value: String
}

/// A field a control changed.
public struct FieldChange: Codable, Equatable, Sendable {
    public let name: String
    public let from: String
    public let to: String
    public init(name: String, from: String, to: String) { self.name = name; self.from = from; self.to = to }
}

enum SetupFields {
    /// The stored properties of a setup, in declaration order, each encoded as compact JSON
    /// (plain text for strings). A value that cannot be encoded is shown as "<unencodable>".
    static func describe<S: ClaimSetup>(_ setup: S) -> [SetupField] {
        Mirror(reflecting: setup).children.map { child in
            SetupField(name: child.label ?? "?", value: text(child.value))
        }
    }

    static func text(_ value: Any) -> String {
        // A Set encodes in hash order, which differs between equal values and between processes:
        // encode its elements one by one and sort them.
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .set {
            return "[" + mirror.children.map { text($0.value) }.sorted().joined(separator: ",") + "]"
        }
        guard let e = value as? any Encodable else { return "\(value)" }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        enc.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? enc.encode(e), let s = String(data: data, encoding: .utf8) else { return "<unencodable>" }
        if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\""), let plain = try? JSONDecoder().decode(String.self, from: data) {
            return plain
        }
        return s
    }

    static func changes(_ a: [SetupField], _ b: [SetupField]) -> [FieldChange] {
        let old = Dictionary(a.map { ($0.name, $0.value) }, uniquingKeysWith: { x, _ in x })
        return b.compactMap { f in
            let before = old[f.name] ?? "(absent)"
            return before == f.value ? nil : FieldChange(name: f.name, from: before, to: f.value)
        }
    }
}

/// A plot as rendered: the SVG text travels with the result but is written to its own file, so
/// it is not part of REPORT.json.
public struct PlotRecord: Codable, Equatable, Sendable {
    public let key: String
    public let caption: String
    public let title: String
    public let svg: String

    enum CodingKeys: String, CodingKey { case key, caption, title }
    public init(key: String, caption: String, title: String, svg: String) {
        self.key = key; self.caption = caption; self.title = title; self.svg = svg
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        caption = try c.decode(String.self, forKey: .caption)
        title = try c.decode(String.self, forKey: .title)
        svg = ""
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key); try c.encode(caption, forKey: .caption); try c.encode(title, forKey: .title)
    }
}

/// How a check came out on one setup, from the requirements of its figures.
public enum CheckStatus: String, Codable, Sendable {
    /// Every hypothesis, conclusion and vacuity requirement is met.
    case satisfied
    /// Every hypothesis requirement is met and some conclusion (or vacuity) requirement is not.
    case counterexample
    /// A hypothesis requirement is not met (the construction is not an instance of the statement)
    /// or a cross-check failed (the evidence is inconsistent).
    case inadmissible
    /// The check threw.
    case error
}

/// The outcome of one statement's check on its own setup.
public struct StatementResult: Codable, Equatable, Sendable {
    public let text: String
    public let form: StatementForm
    public let hypotheses: [Hypothesis]
    public let construction: String
    public let setup: [SetupField]
    public let samples: [SampleCount]
    public let scale: Scale
    public let status: CheckStatus
    public let summary: String
    /// Keys of asserted figures whose requirement is not met.
    public let failing: [String]
    public let figures: [Figure]
    public let plots: [PlotRecord]
    /// The strongest tier among the conclusion and vacuity figures.
    public let tier: EvidenceTier?
    /// Every tier among the asserted figures, strongest first.
    public let tiersUsed: [EvidenceTier]
    public let error: String?

    public init(text: String, form: StatementForm, hypotheses: [Hypothesis], construction: String, setup: [SetupField],
                samples: [SampleCount], scale: Scale, status: CheckStatus, summary: String, failing: [String], figures: [Figure],
                plots: [PlotRecord], tier: EvidenceTier?, tiersUsed: [EvidenceTier], error: String?) {
        self.text = text; self.form = form; self.hypotheses = hypotheses; self.construction = construction; self.setup = setup
        self.samples = samples; self.scale = scale; self.status = status; self.summary = summary; self.failing = failing
        self.figures = figures; self.plots = plots; self.tier = tier; self.tiersUsed = tiersUsed; self.error = error
    }
}

/// The outcome of one control.
public struct ControlResult: Codable, Equatable, Sendable {
    public let name: String
    public let description: String
    public let kind: String
    public let expectation: String
    /// "statement", "repair", or "repair (ID)" for a repair that is a claim of its own.
    public let appliesTo: String
    public let changes: [FieldChange]
    public let status: CheckStatus
    /// Keys of conclusion or vacuity figures whose requirement failed on the changed setup.
    public let failing: [String]
    /// A negative control is flagged when `failing` is non-empty: the claim's own comparison
    /// rejected the changed construction.
    public let flagged: Bool
    public let summary: String
    public let figures: [Figure]
    public let error: String?

    /// The control came out as it must: flagged for a negative control; satisfied for a sanity control.
    public var asRequired: Bool {
        guard error == nil else { return false }
        return expectation == ControlExpectation.fails.rawValue ? flagged : status == .satisfied
    }

    func applying(to target: String) -> ControlResult {
        ControlResult(name: name, description: description, kind: kind, expectation: expectation, appliesTo: target, changes: changes,
                      status: status, failing: failing, flagged: flagged, summary: summary, figures: figures, error: error)
    }
}

/// A statement's result, its controls and the layer's diagnostics, before verdicts are derived.
struct StatementRun: Sendable {
    let result: StatementResult
    let controls: [ControlResult]
    let sanityControls: [ControlResult]
    let problems: [String]
}

enum StatementEvaluation {
    /// Runs the check on the statement's setup and on every control, and validates what came back.
    /// With `parallel`, the checks (independent by construction) run as concurrent child tasks; the
    /// result is the same either way.
    ///
    /// A negative control is flagged only by a conclusion or vacuity figure that MET its requirement
    /// on the unchanged setup and fails on the changed one: a figure that fails anyway (a refuted
    /// statement), or a figure that is not finite (a broken computation), shows nothing about the change.
    static func run<Setup: ClaimSetup>(_ s: Statement<Setup>, scale: Scale, parallel: Bool) async -> StatementRun {
        let context = CheckContext(scale: scale, samples: s.samples)
        let fields = SetupFields.describe(s.setup)
        let fieldNames = Set(fields.map(\.name))
        var problems = declarationProblems(s, fieldNames: fieldNames)

        // Job 0: the statement's setup. Job k (1…controls): control k−1's changed setup. Then, for each
        // different-code control, its own check on the UNCHANGED setup (it must accept it there).
        var setups = [s.setup]
        var checks: [Check<Setup>] = [s.check]
        for c in s.controls {
            var mutated = s.setup
            c.mutate(&mutated)
            setups.append(mutated)
            checks.append(c.alternativeCheck ?? s.check)
        }
        var baselineJob: [Int: Int] = [:] // control index → job index of its check on the unchanged setup
        for (k, c) in s.controls.enumerated() {
            if let alt = c.alternativeCheck { baselineJob[k] = checks.count; setups.append(s.setup); checks.append(alt) }
        }
        let outcomes = await evaluateAll(checks, setups, context, parallel: parallel)

        let evidence = outcomes[0].evidence
        var error = outcomes[0].error
        problems += evidenceProblems(evidence)
        if error == nil, let bad = nonFinite(evidence.figures) {
            error = "asserted figure(s) \(bad) are not finite: a failed computation, not evidence"
        }
        var plots: [PlotRecord] = []
        for p in evidence.plots {
            if let why = FigureKey.plotProblem(p.key) { problems.append(why); continue }
            do { plots.append(PlotRecord(key: p.key, caption: p.caption, title: p.chart.title, svg: try p.chart.svg())) } catch {
                problems.append("plot '\(p.key)' could not be drawn: \(describe(error))")
            }
        }
        let (status, failing) = classify(evidence.figures, error: error)
        let asserted = evidence.figures.filter { $0.role.isAsserted }
        let verdictFigures = evidence.figures.filter { $0.role == .conclusion || $0.role == .vacuity }
        // A refutation is only as strong as the figures that fail; a confirmation as the strongest that holds.
        let carrying = status == .counterexample ? verdictFigures.filter { failing.contains($0.key) } : verdictFigures
        let result = StatementResult(
            text: s.text, form: s.form, hypotheses: s.hypotheses, construction: s.construction, setup: fields,
            samples: s.samples, scale: scale, status: status,
            summary: summary(status, evidence: evidence, failing: failing, error: error),
            failing: failing, figures: evidence.figures, plots: plots,
            tier: carrying.map(\.tier).max(), tiersUsed: Array(Set(asserted.map(\.tier))).sorted(by: >), error: error)
        let metOnOwnSetup = Set(verdictFigures.filter { $0.requirementMet && isFinite($0) }.map(\.key))

        var controls: [ControlResult] = [], sanity: [ControlResult] = []
        for (k, c) in s.controls.enumerated() {
            let mutated = setups[k + 1]
            let changes = SetupFields.changes(fields, SetupFields.describe(mutated))
            if mutated == s.setup || changes.isEmpty {
                problems.append("control '\(c.name)' leaves the setup unchanged: it cannot test anything")
            } else if changes.count > 1 {
                problems.append("control '\(c.name)' changes \(changes.count) fields (" + changes.map(\.name).joined(separator: ", ")
                                + "): a control is the setup with ONE field changed, so that its outcome has one cause")
            }
            if case .dropsHypothesis(let f) = c.kind {
                if !fieldNames.contains(f) {
                    problems.append("control '\(c.name)' drops hypothesis field '\(f)', which the setup does not have")
                } else if !changes.contains(where: { $0.name == f }) {
                    problems.append("control '\(c.name)' says it drops '\(f)' but does not change that field")
                }
            }
            // The figures that can flag this control: those that held before the change.
            var reference = metOnOwnSetup
            var referenceFigures = evidence.figures
            if let j = baselineJob[k] {
                let own = outcomes[j]
                let (ownStatus, _) = classify(own.evidence.figures, error: own.error ?? (nonFinite(own.evidence.figures).map { "non-finite \($0)" }))
                if ownStatus != .satisfied {
                    problems.append("control '\(c.name)': its own check must accept the unchanged setup (status \(ownStatus.rawValue)), else its failure on the changed one shows nothing")
                }
                reference = Set(own.evidence.figures.filter { ($0.role == .conclusion || $0.role == .vacuity) && $0.requirementMet && isFinite($0) }.map(\.key))
                referenceFigures = own.evidence.figures
            }
            let ce = outcomes[k + 1].evidence, cerr = outcomes[k + 1].error
            problems += evidenceProblems(ce).map { "control '\(c.name)': \($0)" }
            let (cstatus, cfailing) = classify(ce.figures, error: cerr)
            let conclusionFailures = cfailing.filter { key in
                reference.contains(key) && ce.figures.contains { $0.key == key && ($0.role == .conclusion || $0.role == .vacuity) && isFinite($0) }
            }
            let flagged = cerr == nil && !conclusionFailures.isEmpty
            let cs: String
            if let cerr {
                cs = "The check threw on the changed setup, so the comparison was never exercised: \(cerr)"
            } else if c.expectation == .fails && flagged {
                cs = "Flagged: the same comparison rejects the changed construction (" + conclusionFailures.joined(separator: ", ") + ")."
            } else if c.expectation == .fails {
                if sameNumbers(ce.figures, referenceFigures) {
                    cs = "NOT flagged: no figure changed, so the check does not read the changed field(s) " + changes.map { "'\($0.name)'" }.joined(separator: ", ") + "."
                } else if reference.isEmpty {
                    cs = "NOT flagged: no conclusion held on the unchanged setup, so a failure here cannot be attributed to the change (a refuted statement needs a sanity control instead)."
                } else {
                    cs = "NOT flagged: every conclusion that held on the unchanged setup still holds (or is not finite) on the changed one."
                }
            } else {
                cs = cstatus == .satisfied ? "Passed, as a sanity control must: the check accepts this construction."
                                           : "FAILED: the check rejects a construction it must accept (" + cfailing.joined(separator: ", ") + ")."
            }
            let r = ControlResult(name: c.name, description: c.description, kind: c.kindText, expectation: c.expectation.rawValue,
                                  appliesTo: "statement", changes: changes, status: cstatus, failing: conclusionFailures,
                                  flagged: flagged, summary: cs, figures: ce.figures, error: cerr)
            if c.expectation == .fails { controls.append(r) } else { sanity.append(r) }
        }
        return StatementRun(result: result, controls: controls, sanityControls: sanity, problems: problems)
    }

    struct Outcome: Sendable {
        let evidence: Evidence
        let error: String?
    }

    /// Runs checks[i] on setups[i] for every i, concurrently or in order, capturing errors.
    static func evaluateAll<Setup: ClaimSetup>(_ checks: [Check<Setup>], _ setups: [Setup], _ context: CheckContext,
                                               parallel: Bool) async -> [Outcome] {
        @Sendable func one(_ i: Int) -> Outcome {
            do { return Outcome(evidence: try checks[i](setups[i], context), error: nil) } catch {
                return Outcome(evidence: Evidence(), error: describe(error))
            }
        }
        guard parallel, checks.count > 1 else { return checks.indices.map(one) }
        var out = [Outcome?](repeating: nil, count: checks.count)
        await withTaskGroup(of: (Int, Outcome).self) { group in
            for i in checks.indices { group.addTask { (i, one(i)) } }
            for await (i, o) in group { out[i] = o }
        }
        return out.map { $0 ?? Outcome(evidence: Evidence(), error: "internal: a check produced no outcome") }
    }

    static func declarationProblems<Setup>(_ s: Statement<Setup>, fieldNames: Set<String>) -> [String] {
        var p: [String] = []
        for h in s.hypotheses {
            if let f = h.field, !fieldNames.contains(f) { p.append("hypothesis '\(h.text.prefix(50))…' names setup field '\(f)', which does not exist") }
        }
        var seen = Set<String>()
        for c in s.controls where !seen.insert(c.name).inserted { p.append("two controls are named '\(c.name)'") }
        var sampleKeys = Set<String>()
        for c in s.samples {
            if !sampleKeys.insert(c.key).inserted { p.append("sample count '\(c.key)' is declared twice") }
            if c.quick < 1 || c.full < c.quick { p.append("sample count '\(c.key)' needs 1 ≤ quick ≤ full, got \(c.quick), \(c.full)") }
        }
        if !(s.looseAbove >= 1) { p.append("looseness threshold \(s.looseAbove) must be ≥ 1") }
        return p
    }

    /// Keys valid and unique; exact figures carry normalised rational text that matches their value;
    /// asserted roles carry a requirement and the others do not; requirements on exact text are on
    /// exact figures; tolerances accept at least the identical value.
    static func evidenceProblems(_ e: Evidence) -> [String] {
        var p: [String] = []
        var seen = Set<String>()
        for f in e.figures {
            if let why = FigureKey.problem(f.key) { p.append(why) }
            if !seen.insert(f.key).inserted { p.append("figure key '\(f.key)' appears twice") }
            if f.tier == .exact && f.exact == nil { p.append("figure '\(f.key)' claims the exact tier without exact text") }
            if let text = f.exact {
                if let r = Rational(text) {
                    if r.description != text { p.append("figure '\(f.key)': exact text '\(text)' is not in lowest terms (write '\(r.description)')") }
                    if r.doubleValue != f.value && !(r.doubleValue.isNaN && f.value.isNaN) {
                        p.append("figure '\(f.key)': exact text \(text) and value \(f.value) disagree")
                    }
                } else {
                    p.append("figure '\(f.key)': exact text '\(text)' is not a rational p/q")
                }
            }
            if f.role.isAsserted && f.requirement == nil { p.append("figure '\(f.key)' has role \(f.role.rawValue) but no requirement") }
            if !f.role.isAsserted && f.requirement != nil { p.append("figure '\(f.key)' has role \(f.role.rawValue) and a requirement; use role conclusion, hypothesis, vacuity or cross-check") }
            if let r = f.requirement, r.needsExactText, f.exact == nil { p.append("figure '\(f.key)' has requirement \(r.summary) on exact text but no exact text") }
            switch f.tolerance {
            case .exact: break
            case .absolute(let b), .relative(let b):
                if !(b.isFinite && b >= 0) { p.append("figure '\(f.key)': tolerance bound \(b) must be finite and ≥ 0") }
            }
            if let en = f.enclosure, !(en.lower <= en.upper) { p.append("figure '\(f.key)': enclosure [\(en.lower), \(en.upper)] is empty") }
        }
        var plotKeys = Set<String>()
        for pl in e.plots where !plotKeys.insert(pl.key).inserted { p.append("plot key '\(pl.key)' appears twice") }
        return p
    }

    static func isFinite(_ f: Figure) -> Bool {
        if let e = f.enclosure { return e.lower.isFinite && e.upper.isFinite }
        return f.value.isFinite
    }

    /// The keys of asserted figures that are not finite, or nil when every one is.
    static func nonFinite(_ figures: [Figure]) -> String? {
        let bad = figures.filter { $0.role.isAsserted && !isFinite($0) }.map(\.key)
        return bad.isEmpty ? nil : bad.joined(separator: ", ")
    }

    static func classify(_ figures: [Figure], error: String?) -> (CheckStatus, [String]) {
        if error != nil { return (.error, []) }
        let failing = figures.filter { $0.role.isAsserted && !$0.requirementMet }
        if failing.contains(where: { $0.role == .hypothesis || $0.role == .crossCheck }) { return (.inadmissible, failing.map(\.key)) }
        return (failing.isEmpty ? .satisfied : .counterexample, failing.map(\.key))
    }

    static func summary(_ status: CheckStatus, evidence: Evidence, failing: [String], error: String?) -> String {
        switch status {
        case .satisfied: return evidence.summary
        case .counterexample:
            // The check's own summary describes the case where everything holds; here something does not.
            return "Requirement not met by: " + failing.joined(separator: ", ") + "."
        case .inadmissible:
            return "A hypothesis or cross-check requirement failed (" + failing.joined(separator: ", ") + "): the construction is not an admissible instance, or the evidence is inconsistent, so it can neither confirm nor refute the statement."
        case .error: return "The check could not be run: \(error ?? "unknown error")"
        }
    }

    static func sameNumbers(_ a: [Figure], _ b: [Figure]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.exact == $1.exact && ($0.value == $1.value || ($0.value.isNaN && $1.value.isNaN)) }
    }

    static func describe(_ error: Error) -> String { "\(error)" }
}
