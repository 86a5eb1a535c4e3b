/// The statement that stands beside the claim's own (repaired, substitute or explicit-constant),
/// and how it came out.
public struct RepairResult: Codable, Equatable, Sendable {
    /// "repaired statement", "substitute statement" or "explicit-constant variant".
    public let role: String
    /// The claim ID when the repair is a registered claim of its own; nil when it is inline.
    public let claimID: String?
    public let verdict: Verdict
    /// The inline repair's own result (a registered repair has its own entry in the report).
    public let statement: StatementResult?
}

/// The outcome of one claim: its statement, its repair, every control, the derived verdict and
/// the layer's diagnostics. REPORT.json is a list of these.
public struct ClaimResult: Codable, Equatable, Sendable {
    public let id: String
    public let paperID: String
    public let title: String
    public let location: String
    /// Derived from the figures by `VerdictRules`.
    public let verdict: Verdict
    /// Declared from the catalog.
    public let expectedVerdict: Verdict
    /// The strongest tier among the statement's conclusion and vacuity figures.
    public let tier: EvidenceTier?
    /// Every tier among the statement's asserted figures, strongest first.
    public let tiers: [EvidenceTier]
    /// The looseness factor when the statement reports one.
    public let looseFactor: Double?
    /// Why the verdict is what it is.
    public let summary: String
    public let keyFigure: String
    public let statement: StatementResult
    public let repair: RepairResult?
    /// Every negative control, of the statement and of its repair (`appliesTo` says which).
    public let controls: [ControlResult]
    /// Sanity controls (the check must pass on them).
    public let sanityControls: [ControlResult]
    /// Everything the layer found wrong: a verdict other than the expected one, a control that is
    /// not flagged, a control that changes nothing, a tier claimed but not reached, a bad key…
    public let problems: [String]
    /// No problems and not VIOLATED or ERROR.
    public let passed: Bool

    /// The key figure as "label = value", or a note that it is missing.
    public var keyFigureText: String {
        guard let f = statement.figures.first(where: { $0.key == keyFigure }) else { return "—" }
        return "\(f.label) = \(f.displayValue)"
    }
}

/// How a statement's form, status and figures, and its repair's verdict, become a verdict. This
/// is the only place verdicts are decided.
public enum VerdictRules {
    public struct Derived: Equatable, Sendable {
        public let verdict: Verdict
        public let reason: String
        public let looseFactor: Double?
    }

    /// - Parameters:
    ///   - repair: the verdict of the repaired / substitute / explicit-constant statement, if any.
    public static func derive(form: StatementForm, result r: StatementResult, looseAbove: Double, repair: Verdict?) -> Derived {
        func violated(_ why: String) -> Derived { Derived(verdict: .violated, reason: why, looseFactor: nil) }
        if r.status == .error { return Derived(verdict: .error, reason: r.summary, looseFactor: nil) }
        let vacuity = r.figures.filter { $0.role == .vacuity }
        // Several looseness figures: the statement is as loose as its loosest case.
        let loose = r.figures.filter { $0.role == .looseness }.max { $0.value < $1.value || $1.value.isNaN }
        let repairText = repair.map { "its \($0.rawValue) repair" } ?? "no repair"
        switch form {
        case .definition, .cited, .empirical:
            guard r.status == .satisfied else { return violated(r.summary) }
            let v: Verdict = form == .definition ? .definition : form == .cited ? .cited : .empirical
            return Derived(verdict: v, reason: r.summary, looseFactor: nil)
        case .unspecifiedConstant:
            guard r.figures.contains(where: { $0.role == .impliedConstant }) else {
                return violated("A statement with an unspecified constant must report the largest constant the data allow (an implied-constant figure).")
            }
            guard r.status == .satisfied else { return violated(r.summary) }
            guard let rv = repair, rv.affirms else {
                return violated("The explicit-constant variant must be checked and hold; found \(repairText).")
            }
            return Derived(verdict: .uncheckableConstant, reason: r.summary, looseFactor: nil)
        case .theorem:
            if !vacuity.isEmpty {
                guard vacuity.allSatisfy(\.requirementMet), r.status != .inadmissible else {
                    return violated("The vacuity figures do not show that the hypotheses are unsatisfiable. " + r.summary)
                }
                guard let rv = repair, rv.affirms else {
                    return violated("A vacuous statement needs a substitute statement that is checked and holds; found \(repairText).")
                }
                return Derived(verdict: .vacuous, reason: r.summary, looseFactor: nil)
            }
            switch r.status {
            case .satisfied:
                if let loose {
                    guard loose.value.isFinite, loose.value >= 1 else {
                        return violated("Looseness factor \(loose.displayValue) must be a finite ratio ≥ 1 (bound over attained value).")
                    }
                    if loose.value > looseAbove {
                        return Derived(verdict: .holdsLoose, reason: r.summary + " Loose by a factor \(loose.displayValue) (threshold \(looseAbove)).", looseFactor: loose.value)
                    }
                    return Derived(verdict: .holds, reason: r.summary, looseFactor: loose.value)
                }
                return Derived(verdict: .holds, reason: r.summary, looseFactor: nil)
            case .counterexample:
                guard let rv = repair, rv.affirms else {
                    return violated(r.summary + " A counterexample alone is not a refutation here: the repaired statement must be checked and hold; found \(repairText).")
                }
                return Derived(verdict: .refutedAsStated, reason: "Counterexample meeting every hypothesis. " + r.summary, looseFactor: nil)
            case .inadmissible, .error:
                return violated(r.summary)
            }
        }
    }

    /// The name of the statement that stands beside a claim with this expected verdict.
    static func repairRole(for expected: Verdict) -> String {
        switch expected {
        case .vacuous: return "substitute statement"
        case .uncheckableConstant: return "explicit-constant variant"
        default: return "repaired statement"
        }
    }
}

/// Combines a claim's runs into its result: derives verdicts and collects every problem.
enum ClaimAssembly {
    /// Whether the statement asserts anything that could hold or fail.
    static func asserts(_ r: StatementResult) -> Bool {
        r.figures.contains { ($0.role == .conclusion || $0.role == .vacuity) && $0.requirement != nil }
    }

    /// What the repair contributed, however it was computed.
    struct RepairOutcome {
        let result: RepairResult
        let controls: [ControlResult]
        let sanityControls: [ControlResult]
        let problems: [String]
    }

    static func repairOutcome(inline run: StatementRun, statement: AnyStatement, role: String) -> RepairOutcome {
        let d = VerdictRules.derive(form: statement.form, result: run.result, looseAbove: statement.looseAbove, repair: nil)
        var problems = run.problems.map { "repair: " + $0 }
        if !asserts(run.result) {
            problems.append("repair: it asserts nothing (no conclusion or vacuity figure with a requirement), so it cannot hold")
        }
        if run.controls.isEmpty {
            problems.append("repair: no negative control; a repaired statement must also show that its check can fail")
        }
        return RepairOutcome(result: RepairResult(role: role, claimID: nil, verdict: d.verdict, statement: run.result),
                             controls: run.controls.map { $0.applying(to: "repair") },
                             sanityControls: run.sanityControls.map { $0.applying(to: "repair") }, problems: problems)
    }

    static func repairOutcome(registered other: ClaimResult, role: String) -> RepairOutcome {
        let target = "repair (\(other.id))"
        return RepairOutcome(result: RepairResult(role: role, claimID: other.id, verdict: other.verdict, statement: nil),
                             controls: other.controls.map { $0.applying(to: target) },
                             sanityControls: other.sanityControls.map { $0.applying(to: target) },
                             problems: other.passed ? [] : ["the repair \(other.id) does not pass: " + other.problems.joined(separator: "; ")])
    }

    static func assemble(_ claim: Claim, _ run: StatementRun, repair: RepairOutcome?) -> ClaimResult {
        let s = run.result
        let d = VerdictRules.derive(form: claim.statement.form, result: s, looseAbove: claim.statement.looseAbove, repair: repair?.result.verdict)
        var problems = run.problems
        if !s.figures.contains(where: { $0.key == claim.keyFigure }) && s.status != .error {
            problems.append("key figure '\(claim.keyFigure)' is not a figure of the statement")
        }
        if s.status != .error && Set(claim.tiers) != Set(s.tiersUsed) {
            problems.append("declares tiers [\(claim.tiers.map(\.rawValue).joined(separator: ", "))] but its asserted figures reach [\(s.tiersUsed.map(\.rawValue).joined(separator: ", "))]")
        }
        if d.verdict != claim.expectedVerdict {
            problems.append("verdict \(d.verdict.rawValue), expected \(claim.expectedVerdict.rawValue): \(d.reason)")
        }
        if s.status != .error && !asserts(s) && claim.statement.form != .cited {
            problems.append("the statement asserts nothing (no conclusion or vacuity figure with a requirement): nothing was checked")
        }
        // Verdicts that rest on the statement's own figures holding need a negative control of the
        // statement; a refutation rests on a figure failing and needs a sanity control instead (the
        // same check accepting a construction), plus its repair's negative controls.
        let resting: Set<Verdict> = [.holds, .holdsLoose, .definition, .cited, .empirical, .vacuous, .uncheckableConstant]
        if resting.contains(d.verdict) && asserts(s) && run.controls.isEmpty {
            problems.append("no negative control: a check that is never shown to fail proves nothing")
        }
        if d.verdict == .refutedAsStated && run.sanityControls.isEmpty {
            problems.append("no sanity control: a refuting check must also be shown to accept a construction, or it may simply always fail")
        }
        if claim.repair != nil && repair == nil { problems.append("the declared repair could not be evaluated") }
        var controls = run.controls
        var sanity = run.sanityControls
        if let repair {
            problems += repair.problems
            controls += repair.controls
            sanity += repair.sanityControls
        }
        for c in controls where !c.asRequired {
            problems.append("control '\(c.name)' (\(c.appliesTo)) is not flagged: \(c.summary)")
        }
        for c in sanity where !c.asRequired {
            problems.append("sanity control '\(c.name)' (\(c.appliesTo)) did not pass: \(c.summary)")
        }
        return ClaimResult(id: claim.id, paperID: claim.paper.id, title: claim.title, location: claim.location,
                           verdict: d.verdict, expectedVerdict: claim.expectedVerdict, tier: s.tier, tiers: s.tiersUsed,
                           looseFactor: d.looseFactor, summary: d.reason, keyFigure: claim.keyFigure, statement: s,
                           repair: repair?.result, controls: controls, sanityControls: sanity, problems: problems,
                           passed: problems.isEmpty && !d.verdict.isFailure)
    }
}
