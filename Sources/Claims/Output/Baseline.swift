import Foundation

/// Baselines/<ID>.json: the committed figures of one claim with per-figure tolerances, its verdict
/// and its control outcomes. `sgd-claims check` compares fresh results with it; `sgd-claims
/// baseline` rewrites it. One file per claim keeps diffs and merges local to the claim.
public struct ClaimBaseline: Codable, Equatable, Sendable {
    public struct Entry: Codable, Equatable, Sendable {
        public let value: Double
        public let exact: String?
        public let tolerance: Tolerance
    }

    public static let folder = "Baselines"
    public let id: String
    public let verdict: Verdict
    public let figures: [String: Entry]
    /// Figures of an inline repaired / substitute / explicit-constant statement.
    public let repairFigures: [String: Entry]
    /// "<applies to> :: <control name>" → flagged.
    public let controls: [String: Bool]
    /// "<applies to> :: <control name> :: <figure key>" → entry.
    public let controlFigures: [String: Entry]

    public static func path(_ id: String) -> String { "\(folder)/\(id).json" }

    static func entries(_ figures: [Figure], prefix: String = "") -> [String: Entry] {
        var d: [String: Entry] = [:]
        for f in figures { d[prefix + f.key] = Entry(value: f.value, exact: f.exact, tolerance: f.tolerance) }
        return d
    }

    public init(result r: ClaimResult) {
        id = r.id
        verdict = r.verdict
        figures = ClaimBaseline.entries(r.statement.figures)
        repairFigures = ClaimBaseline.entries(r.repair?.statement?.figures ?? [])
        var flags: [String: Bool] = [:], cf: [String: Entry] = [:]
        for c in r.controls + r.sanityControls {
            let name = "\(c.appliesTo) :: \(c.name)"
            flags[name] = c.expectation == ControlExpectation.fails.rawValue ? c.flagged : c.asRequired
            cf.merge(ClaimBaseline.entries(c.figures, prefix: name + " :: ")) { a, _ in a }
        }
        controls = flags
        controlFigures = cf
    }

    public func encoded() throws -> String {
        String(decoding: try JSONEncoder.sgdClaims().encode(self), as: UTF8.self) + "\n"
    }

    public static func decode(_ text: String, path: String) throws -> ClaimBaseline {
        do { return try JSONDecoder.sgdClaims().decode(ClaimBaseline.self, from: Data(text.utf8)) } catch {
            throw ClaimsError.baseline("\(path) is not a valid baseline: \(error)")
        }
    }

    /// Every difference between a fresh result and this baseline, one line each, each naming the
    /// claim; empty when they agree. Changed verdicts and control outcomes, figures outside their
    /// tolerance, and figures added or removed are all reported.
    public func differences(from r: ClaimResult) -> [String] {
        let fresh = ClaimBaseline(result: r)
        var p: [String] = []
        if fresh.verdict != verdict { p.append("\(id): verdict \(fresh.verdict.rawValue), baseline \(verdict.rawValue)") }
        for name in Set(controls.keys).union(fresh.controls.keys).sorted() where controls[name] != fresh.controls[name] {
            p.append("\(id): control '\(name)' flagged = \(fresh.controls[name].map(String.init) ?? "absent"), baseline \(controls[name].map(String.init) ?? "absent")")
        }
        p += ClaimBaseline.compare(figures, fresh.figures, "\(id)")
        p += ClaimBaseline.compare(repairFigures, fresh.repairFigures, "\(id) repair")
        p += ClaimBaseline.compare(controlFigures, fresh.controlFigures, "\(id) control")
        return p
    }

    static func compare(_ old: [String: Entry], _ new: [String: Entry], _ where_: String) -> [String] {
        var p: [String] = []
        for key in old.keys.sorted() where new[key] == nil { p.append("\(where_): figure '\(key)' disappeared") }
        for key in new.keys.sorted() {
            guard let o = old[key], let n = new[key] else { p.append("\(where_): new figure '\(key)' not in the baseline"); continue }
            if o.tolerance == .exact || o.exact != nil || n.exact != nil {
                if o.exact != n.exact || !(o.value == n.value || (o.value.isNaN && n.value.isNaN)) {
                    p.append("\(where_): '\(key)' = \(n.exact ?? "\(n.value)"), baseline \(o.exact ?? "\(o.value)") (exact)")
                }
            } else if o.value.isFinite != n.value.isFinite || (o.value.isFinite && !o.tolerance.accepts(n.value, baseline: o.value))
                        || (!o.value.isFinite && o.value != n.value && !(o.value.isNaN && n.value.isNaN)) {
                p.append("\(where_): '\(key)' = \(n.value), baseline \(o.value), tolerance \(o.tolerance.summary)")
            }
        }
        return p
    }
}

extension JSONEncoder {
    /// The encoder of every generated JSON file: sorted keys, pretty-printed, and non-finite
    /// numbers as the strings "+inf", "-inf" and "nan" (a control can legitimately produce them,
    /// and plain JSON has no way to write them).
    public static func sgdClaims() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }
}

extension JSONDecoder {
    /// Reads what `JSONEncoder.sgdClaims()` writes.
    public static func sgdClaims() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}
