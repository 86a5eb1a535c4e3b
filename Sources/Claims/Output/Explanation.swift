/// Plain-text renderings for the terminal: `explain` (the declaration, no computation) and the
/// per-claim detail that `verify` prints (every figure, requirement and control outcome).
enum Explanation {
    static func text(_ c: Claim, registry: Registry) -> String {
        var out: [String] = ["\(c.id) — \(c.title)", "paper \(c.paper.id) (\(c.paper.title)), \(c.location)"]
        out.append("expected verdict: \(c.expectedVerdict.rawValue) — \(c.expectedVerdict.meaning)")
        out.append("tiers: \(c.tiers.map(\.rawValue).joined(separator: ", ")); key figure: \(c.keyFigure)")
        out += statement(c.statement, heading: "statement")
        switch c.repair?.target {
        case .inline(let s)?: out += statement(s, heading: VerdictRules.repairRole(for: c.expectedVerdict))
        case .registered(let id)?: out += ["", "\(VerdictRules.repairRole(for: c.expectedVerdict)): the claim \(id) (sgd-claims explain \(id))"]
        case nil: break
        }
        out.append("")
        out.append("errata:")
        if c.errata.isEmpty { out.append("  none recorded") }
        for e in c.errata { out.append("  - " + e) }
        return out.joined(separator: "\n") + "\n"
    }

    static func statement(_ s: AnyStatement, heading: String) -> [String] {
        var out = ["", "\(heading) (\(s.form.rawValue)):", "  " + s.text, "", "hypotheses:"]
        for h in s.hypotheses { out.append("  - " + h.text + (h.field.map { " [setup field \($0)]" } ?? "")) }
        out.append("")
        out.append("construction:")
        out.append("  " + s.construction)
        out.append("")
        out.append("setup:")
        for f in s.setupFields { out.append("  \(f.name) = \(f.value)") }
        if !s.samples.isEmpty {
            out.append("")
            out.append("sample counts (quick / full):")
            for c in s.samples { out.append("  \(c.key): \(c.quick) / \(c.full) — \(c.meaning)") }
        }
        out.append("")
        out.append("controls:")
        if s.controls.isEmpty { out.append("  none") }
        for c in s.controls { out.append("  - \(c.name) [\(c.kind); must \(c.expectation == "fails" ? "be flagged" : "pass")]: \(c.description)") }
        return out
    }

    static func detail(_ r: ClaimResult) -> String {
        var out = [CommandLineInterface.line(r) + "\t(expected \(r.expectedVerdict.rawValue))", "  " + r.summary]
        out += figureLines(r.statement.figures, indent: "    ", heading: "  figures:")
        if let rep = r.repair {
            out.append("  \(rep.role): \(rep.verdict.rawValue)" + (rep.claimID.map { " (claim \($0))" } ?? ""))
            if let s = rep.statement { out += figureLines(s.figures, indent: "      ", heading: "    figures:") }
        }
        out.append("  controls:")
        for c in r.controls + r.sanityControls {
            out.append("    \(c.name) [\(c.appliesTo); \(c.kind)]: \(c.asRequired ? "as required" : "NOT AS REQUIRED") — \(c.summary)")
        }
        for p in r.problems { out.append("  problem: " + p) }
        return out.joined(separator: "\n") + "\n"
    }

    static func figureLines(_ figures: [Figure], indent: String, heading: String) -> [String] {
        var out = [heading]
        for f in figures {
            let req = f.requirement.map { "  requires \($0.summary): \(f.requirementMet ? "met" : "NOT MET")" } ?? ""
            out.append("\(indent)\(f.key) = \(f.displayValue)  [\(f.tier.rawValue), \(f.role.rawValue)]\(req)")
        }
        return out
    }
}
