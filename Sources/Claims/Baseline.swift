import Foundation

/// Baselines/claims.json: the committed figures of every claim, with per-figure tolerances,
/// the expected verdict and the control outcomes. `sgd-claims check` compares fresh results
/// against it; `sgd-claims baseline` rewrites it.
public struct Baseline: Codable, Equatable, Sendable {
    public struct FigureEntry: Codable, Equatable, Sendable {
        public let value: Double
        public let exact: String?
        public let tolerance: Tolerance
    }

    public struct ClaimEntry: Codable, Equatable, Sendable {
        public let verdict: Verdict
        public let figures: [String: FigureEntry]
        public let controls: [String: Bool]
        public let controlFigures: [String: FigureEntry]
    }

    public static let path = "Baselines/claims.json"
    public let version: Int
    public let claims: [String: ClaimEntry]

    static func entries(_ figures: [Figure], prefix: String = "") -> [String: FigureEntry] {
        var d: [String: FigureEntry] = [:]
        for f in figures { d[prefix + f.name] = FigureEntry(value: f.value, exact: f.exact, tolerance: f.tolerance) }
        return d
    }

    public init(results: [ClaimResult]) {
        version = 1
        var c: [String: ClaimEntry] = [:]
        for r in results {
            var cf: [String: FigureEntry] = [:]
            for ctl in r.controls { cf.merge(Baseline.entries(ctl.figures, prefix: ctl.name + " :: ")) { a, _ in a } }
            c[r.id] = ClaimEntry(verdict: r.verdict, figures: Baseline.entries(r.figures),
                                 controls: Dictionary(uniqueKeysWithValues: r.controls.map { ($0.name, $0.flagged) }),
                                 controlFigures: cf)
        }
        claims = c
    }

    public func encoded() throws -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(self), as: UTF8.self) + "\n"
    }

    public static func decode(_ text: String) throws -> Baseline {
        do { return try JSONDecoder().decode(Baseline.self, from: Data(text.utf8)) } catch {
            throw ClaimsError.baseline("\(path) is not a valid baseline: \(error)")
        }
    }

    /// Every difference between fresh results and this baseline, one line each; empty when they agree.
    /// Claims missing on either side, changed verdicts, control outcomes, figures outside tolerance,
    /// and figures added or removed are all reported.
    public func differences(from results: [ClaimResult]) -> [String] {
        var problems: [String] = []
        let fresh = Baseline(results: results)
        for id in claims.keys.sorted() where fresh.claims[id] == nil { problems.append("\(id): in the baseline but not computed") }
        for id in fresh.claims.keys.sorted() {
            guard let old = claims[id], let new = fresh.claims[id] else {
                problems.append("\(id): computed but missing from the baseline (run `sgd-claims baseline`)")
                continue
            }
            if old.verdict != new.verdict { problems.append("\(id): verdict \(new.verdict.rawValue), baseline \(old.verdict.rawValue)") }
            if old.controls != new.controls { problems.append("\(id): negative-control outcomes \(new.controls), baseline \(old.controls)") }
            problems += Baseline.compare(old.figures, new.figures, id)
            problems += Baseline.compare(old.controlFigures, new.controlFigures, id + " control")
        }
        return problems
    }

    static func compare(_ old: [String: FigureEntry], _ new: [String: FigureEntry], _ id: String) -> [String] {
        var p: [String] = []
        for name in old.keys.sorted() where new[name] == nil { p.append("\(id): figure '\(name)' disappeared") }
        for name in new.keys.sorted() {
            guard let o = old[name], let n = new[name] else { p.append("\(id): new figure '\(name)' not in the baseline"); continue }
            if o.tolerance == .exact {
                if o.exact != n.exact || o.value != n.value {
                    p.append("\(id): '\(name)' = \(n.exact ?? "\(n.value)"), baseline \(o.exact ?? "\(o.value)") (exact)")
                }
            } else if !o.tolerance.accepts(n.value, baseline: o.value) {
                p.append("\(id): '\(name)' = \(n.value), baseline \(o.value), tolerance \(o.tolerance.summary)")
            }
        }
        return p
    }
}
