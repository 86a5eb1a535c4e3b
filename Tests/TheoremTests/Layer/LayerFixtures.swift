import Claims
import Numerics

/// Small synthetic claims for testing the claim layer and the output pipeline without the
/// real registry: each is a few exact figures on a toy setup, built to reach one verdict or to
/// exhibit one defect the layer must catch.
enum Fixtures {
    static let paper = Paper(id: "900", title: "Fixture paper", authors: "Nobody", source: "fixture", idPrefix: "TS-", folder: "Fixtures")
    static let otherPaper = Paper(id: "901", title: "Second fixture paper", authors: "Nobody", source: "fixture 2", idPrefix: "TT-", folder: "Fixtures2")

    struct Toy: ClaimSetup {
        /// "hypothesis": a must be 2 for a + b = 5.
        var a = 2
        var b = 3
        /// Read by no check: a control that changes only this field exercises nothing.
        var unused = 0
        /// Makes the hypothesis figure fail (an inadmissible construction).
        var admissible = true
        /// Makes the check throw.
        var explode = false
        /// Looseness factor reported by `looseCheck`.
        var looseness = 1.0
    }

    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }

    /// Conclusion: a + b = target; hypothesis: `admissible`.
    static func sumCheck(target: Int) -> Check<Toy> {
        { s, _ in
            if s.explode { throw Boom() }
            var e = Evidence()
            e.add(.count("admissible", "construction admissible", s.admissible ? 1 : 0, role: .hypothesis, requirement: .equals("1"), note: "hypothesis"))
            e.add(.count("sum", "a + b", s.a + s.b, requirement: .equals(String(target)), note: "the conclusion"))
            e.add(Figure("reported", "a·b", value: Double(s.a * s.b), tier: .numerical, tolerance: .relative(0.1), note: "context"))
            e.summary = "a + b = \(target)."
            return e
        }
    }

    static func statement(target: Int = 5, form: StatementForm = .theorem, check: Check<Toy>? = nil,
                          controls: [Control<Toy>]? = nil) -> Statement<Toy> {
        Statement("a + b = \(target).", form: form, hypotheses: [Hypothesis("a is 2", field: "a")], construction: "toy",
                  setup: Toy(), check: check ?? sumCheck(target: target),
                  controls: controls ?? [.dropping("a", name: "a = 3", "a + b becomes 6") { $0.a = 3 }])
    }

    /// a + b = target with target ≠ 5: false on the toy setup (a counterexample), with the sanity
    /// control every refutation needs (b = target − 2 makes the same check accept).
    static func refutedStatement(target: Int, check: Check<Toy>? = nil) -> Statement<Toy> {
        statement(target: target, check: check,
                  controls: [.sanity(name: "b = \(target - 2)", "with b = \(target - 2) the literal statement is true") { $0.b = target - 2 }])
    }

    static func claim(_ id: String, expected: Verdict = .holds, tiers: [EvidenceTier] = [.exact], statement s: Statement<Toy>? = nil,
                      repair: Repair? = nil, paper p: Paper = paper) -> Claim {
        Claim(id, paper: p, location: "§0", title: "Fixture \(id)", expected: expected, tiers: tiers, keyFigure: "sum",
              statement: s ?? statement(), repair: repair)
    }

    /// A loose bound: conclusion met, looseness figure from the setup.
    static let looseCheck: Check<Toy> = { s, c in
        var e = try sumCheck(target: 5)(s, c)
        e.add(Figure("looseness", "bound / attained", value: s.looseness, tier: .numerical, role: .looseness, tolerance: .relative(0.1), note: "ratio"))
        return e
    }

    /// Vacuity: "b = 3 forces the conclusion" shown by a figure; a control makes b = 4.
    static let vacuityCheck: Check<Toy> = { s, _ in
        var e = Evidence()
        e.add(.count("sum", "a + b", s.a + s.b, role: .reported, note: "context"))
        e.add(.count("forced", "b forced to 3", s.b == 3 ? 1 : 0, role: .vacuity, requirement: .equals("1"), note: "vacuity"))
        return e
    }

    static let impliedConstantCheck: Check<Toy> = { s, c in
        var e = try sumCheck(target: 5)(s, c)
        e.add(Figure("largestC", "largest constant the data allow", value: Double(s.b), tier: .numerical, role: .impliedConstant,
                     tolerance: .relative(1e-12), note: "implied"))
        return e
    }

    /// The registry used by the pipeline tests: one claim per verdict that can pass, plus a
    /// repair that is a registered claim of its own.
    static var registry: Registry {
        Registry(papers: [paper], claims: [
            claim("TS-HOLDS"),
            claim("TS-LOOSE", expected: .holdsLoose, tiers: [.exact], statement: {
                var s = statement(check: looseCheck); s.setup.looseness = 20; return s
            }()),
            claim("TS-REFUTED", expected: .refutedAsStated, statement: refutedStatement(target: 6), repair: .inline(statement())),
            claim("TS-REFUTED-REG", expected: .refutedAsStated, statement: refutedStatement(target: 7), repair: .claim("TS-CORR")),
            claim("TS-CORR"),
        ])
    }
}
