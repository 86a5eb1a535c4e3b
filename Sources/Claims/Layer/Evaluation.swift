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
        guard let e = value as? any Encodable else { return "\(value)" }
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? enc.encode(e), let s = String(data: data, encoding: .utf8) else { return "<unencodable>" }
        if s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\""), (try? JSONDecoder().decode(String.self, from: data)) != nil {
            return (try? JSONDecoder().decode(String.self, from: data)) ?? s
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
    /// Some hypothesis requirement is not met: the construction is not an instance of the statement.
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
    /// With `parallel`, the check and the controls (independent by construction) run as concurrent
    /// child tasks; the result is the same either way.
    static func run<Setup: ClaimSetup>(_ s: Statement<Setup>, scale: Scale, parallel: Bool) async -> StatementRun {
        let context = CheckContext(scale: scale, samples: s.samples)
        let fields = SetupFields.describe(s.setup)
        let fieldNames = Set(fields.map(\.name))
        var problems = declarationProblems(s, fieldNames: fieldNames)

        // Index 0 is the statement's own setup; index k > 0 is control k − 1's changed setup.
        var setups = [s.setup]
        var checks: [Check<Setup>] = [s.check]
        for c in s.controls {
            var mutated = s.setup
            c.mutate(&mutated)
            setups.append(mutated)
            checks.append(c.alternativeCheck ?? s.check)
        }
        let outcomes = await evaluateAll(checks, setups, context, parallel: parallel)

        let evidence = outcomes[0].evidence, error = outcomes[0].error
        problems += evidenceProblems(evidence)
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
        let result = StatementResult(
            text: s.text, form: s.form, hypotheses: s.hypotheses, construction: s.construction, setup: fields,
            samples: s.samples, scale: scale, status: status,
            summary: summary(status, evidence: evidence, failing: failing, error: error),
            failing: failing, figures: evidence.figures, plots: plots,
            tier: verdictFigures.map(\.tier).max(), tiersUsed: Array(Set(asserted.map(\.tier))).sorted(by: >), error: error)

        var controls: [ControlResult] = [], sanity: [ControlResult] = []
        for (k, c) in s.controls.enumerated() {
            let mutated = setups[k + 1]
            let changes = SetupFields.changes(fields, SetupFields.describe(mutated))
            if mutated == s.setup || changes.isEmpty {
                problems.append("control '\(c.name)' leaves the setup unchanged: it cannot test anything")
            }
            if case .dropsHypothesis(let f) = c.kind {
                if !fieldNames.contains(f) {
                    problems.append("control '\(c.name)' drops hypothesis field '\(f)', which the setup does not have")
                } else if !changes.contains(where: { $0.name == f }) {
                    problems.append("control '\(c.name)' says it drops '\(f)' but does not change that field")
                }
            }
            let ce = outcomes[k + 1].evidence, cerr = outcomes[k + 1].error
            problems += evidenceProblems(ce).map { "control '\(c.name)': \($0)" }
            let (cstatus, cfailing) = classify(ce.figures, error: cerr)
            let conclusionFailures = cfailing.filter { key in ce.figures.contains { $0.key == key && $0.role != .hypothesis } }
            let flagged = cerr == nil && !conclusionFailures.isEmpty
            let cs: String
            if let cerr {
                cs = "The check threw on the changed setup, so the comparison was never exercised: \(cerr)"
            } else if c.expectation == .fails && flagged {
                cs = "Flagged: the same comparison rejects the changed construction (" + conclusionFailures.joined(separator: ", ") + ")."
            } else if c.expectation == .fails {
                let unchanged = sameNumbers(ce.figures, evidence.figures)
                cs = unchanged
                    ? "NOT flagged: no figure changed, so the check does not read the changed field(s) " + changes.map { "'\($0.name)'" }.joined(separator: ", ") + "."
                    : "NOT flagged: every conclusion requirement is still met on the changed construction."
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

    /// Keys valid and unique; exact figures carry exact text; asserted roles carry a requirement
    /// and the others do not; requirements on exact text are on exact figures.
    static func evidenceProblems(_ e: Evidence) -> [String] {
        var p: [String] = []
        var seen = Set<String>()
        for f in e.figures {
            if let why = FigureKey.problem(f.key) { p.append(why) }
            if !seen.insert(f.key).inserted { p.append("figure key '\(f.key)' appears twice") }
            if f.tier == .exact && f.exact == nil { p.append("figure '\(f.key)' claims the exact tier without exact text") }
            if f.role.isAsserted && f.requirement == nil { p.append("figure '\(f.key)' has role \(f.role.rawValue) but no requirement") }
            if !f.role.isAsserted && f.requirement != nil { p.append("figure '\(f.key)' has role \(f.role.rawValue) and a requirement; use role conclusion, hypothesis or vacuity") }
            if let r = f.requirement, r.needsExactText, f.exact == nil { p.append("figure '\(f.key)' has requirement \(r.summary) on exact text but no exact text") }
        }
        var plotKeys = Set<String>()
        for pl in e.plots where !plotKeys.insert(pl.key).inserted { p.append("plot key '\(pl.key)' appears twice") }
        return p
    }

    static func classify(_ figures: [Figure], error: String?) -> (CheckStatus, [String]) {
        if error != nil { return (.error, []) }
        let failing = figures.filter { $0.role.isAsserted && !$0.requirementMet }
        if failing.contains(where: { $0.role == .hypothesis }) { return (.inadmissible, failing.map(\.key)) }
        return (failing.isEmpty ? .satisfied : .counterexample, failing.map(\.key))
    }

    static func summary(_ status: CheckStatus, evidence: Evidence, failing: [String], error: String?) -> String {
        switch status {
        case .satisfied: return evidence.summary
        case .counterexample:
            return (evidence.summary.isEmpty ? "" : evidence.summary + " ") + "Requirement not met by: " + failing.joined(separator: ", ") + "."
        case .inadmissible:
            return "The construction does not meet its own hypotheses (" + failing.joined(separator: ", ") + "), so it can neither confirm nor refute the statement."
        case .error: return "The check could not be run: \(error ?? "unknown error")"
        }
    }

    static func sameNumbers(_ a: [Figure], _ b: [Figure]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.exact == $1.exact && ($0.value == $1.value || ($0.value.isNaN && $1.value.isNaN)) }
    }

    static func describe(_ error: Error) -> String { "\(error)" }
}
