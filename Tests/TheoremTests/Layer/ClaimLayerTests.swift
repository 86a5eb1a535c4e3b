import Claims
import Numerics
import Testing

/// The claim layer itself: verdicts derived from figures, controls that must exercise the check,
/// and the diagnostics that make a defective declaration fail.
@Suite("Claim layer")
struct ClaimLayerTests {
    func run(_ claims: [Claim], _ id: String) async throws -> ClaimResult {
        try await ClaimEvaluator(registry: Registry(papers: [Fixtures.paper], claims: claims), scale: .quick).result(for: id)
    }

    func run(_ claim: Claim) async throws -> ClaimResult { try await run([claim], claim.id) }

    @Test("A true statement with a control that breaks its hypothesis: HOLDS, control flagged, passed")
    func holds() async throws {
        let r = try await run(Fixtures.claim("TS-A"))
        #expect(r.verdict == .holds && r.passed && r.problems.isEmpty)
        #expect(r.controls.count == 1 && r.controls[0].flagged && r.controls[0].failing == ["sum"])
        #expect(r.controls[0].changes == [FieldChange(name: "a", from: "2", to: "3")])
        #expect(r.tier == .exact && r.tiers == [.exact])
    }

    @Test("A deliberately broken control (it changes a field the check never reads) is caught and fails the claim")
    func brokenControlCaught() async throws {
        let s = Fixtures.statement(controls: [.mutation(name: "touch unused", "changes nothing the check reads") { $0.unused = 7 }])
        let r = try await run(Fixtures.claim("TS-B", statement: s))
        #expect(r.verdict == .holds) // the statement is still true …
        #expect(!r.passed)           // … but the claim fails: its control proves nothing
        let c = try #require(r.controls.first)
        #expect(!c.flagged && !c.asRequired)
        #expect(c.summary.contains("no figure changed") && c.summary.contains("'unused'"))
        #expect(r.problems.contains { $0.contains("control 'touch unused'") && $0.contains("not flagged") })
    }

    @Test("A control that leaves the setup unchanged, or drops a hypothesis it does not change, is a declaration defect")
    func vacuousControls() async throws {
        let same = Fixtures.statement(controls: [.mutation(name: "noop", "sets a to its own value") { $0.a = 2 }])
        let r1 = try await run(Fixtures.claim("TS-C", statement: same))
        #expect(!r1.passed && r1.problems.contains { $0.contains("leaves the setup unchanged") })
        let wrongField = Fixtures.statement(controls: [.dropping("b", name: "says b, changes a", "mislabelled") { $0.a = 3 }])
        let r2 = try await run(Fixtures.claim("TS-D", statement: wrongField))
        #expect(!r2.passed && r2.problems.contains { $0.contains("does not change that field") })
        let unknownField = Fixtures.statement(controls: [.dropping("zeta", name: "unknown", "no such field") { $0.a = 3 }])
        let r3 = try await run(Fixtures.claim("TS-E", statement: unknownField))
        #expect(r3.problems.contains { $0.contains("'zeta', which the setup does not have") })
    }

    @Test("A claim without negative controls does not pass, even when its statement holds")
    func noControl() async throws {
        let r = try await run(Fixtures.claim("TS-F", statement: Fixtures.statement(controls: [])))
        #expect(r.verdict == .holds && !r.passed && r.problems.contains { $0.contains("no negative control") })
    }

    @Test("A verdict other than the expected one fails the claim (a 'passed' must not ignore it)")
    func expectationMismatch() async throws {
        let r = try await run(Fixtures.claim("TS-G", expected: .refutedAsStated))
        #expect(r.verdict == .holds && r.expectedVerdict == .refutedAsStated && !r.passed)
        #expect(r.problems.contains { $0.hasPrefix("verdict HOLDS, expected REFUTED-AS-STATED") })
    }

    @Test("A counterexample without a repair is VIOLATED; with a holding repair it is REFUTED-AS-STATED")
    func refutation() async throws {
        let bare = try await run(Fixtures.claim("TS-H", expected: .refutedAsStated, statement: Fixtures.statement(target: 6, controls: [])))
        #expect(bare.verdict == .violated && !bare.passed && bare.statement.status == .counterexample)
        let refuted = try await run(Fixtures.claim("TS-I", expected: .refutedAsStated, statement: Fixtures.refutedStatement(target: 6),
                                                   repair: .inline(Fixtures.statement())))
        #expect(refuted.verdict == .refutedAsStated && refuted.passed, "\(refuted.problems)")
        #expect(refuted.repair?.verdict == .holds && refuted.repair?.role == "repaired statement")
        #expect(refuted.controls.map(\.appliesTo) == ["repair"]) // the repair's control counts for the claim
        #expect(refuted.sanityControls.map(\.asRequired) == [true])
        // Without the sanity control the refuting check is never shown to accept anything.
        let noSanity = try await run(Fixtures.claim("TS-I2", expected: .refutedAsStated, statement: Fixtures.statement(target: 6, controls: []),
                                                    repair: .inline(Fixtures.statement())))
        #expect(!noSanity.passed && noSanity.problems.contains { $0.contains("no sanity control") })
        // A repair that does not hold cannot turn a counterexample into a refutation.
        let badRepair = try await run(Fixtures.claim("TS-J", expected: .refutedAsStated, statement: Fixtures.statement(target: 6, controls: []),
                                                     repair: .inline(Fixtures.statement(target: 8))))
        #expect(badRepair.verdict == .violated)
    }

    @Test("A repair that is a registered claim is resolved; a cycle of repairs is reported")
    func registeredRepair() async throws {
        let reg = Fixtures.registry
        let r = try await ClaimEvaluator(registry: reg).result(for: "TS-REFUTED-REG")
        #expect(r.verdict == .refutedAsStated && r.passed && r.repair?.claimID == "TS-CORR")
        #expect(r.controls.map(\.appliesTo) == ["repair (TS-CORR)"])
        let cyc = Registry(papers: [Fixtures.paper], claims: [
            Fixtures.claim("TS-X", expected: .refutedAsStated, statement: Fixtures.refutedStatement(target: 6), repair: .claim("TS-Y")),
            Fixtures.claim("TS-Y", expected: .refutedAsStated, statement: Fixtures.refutedStatement(target: 6), repair: .claim("TS-X")),
        ])
        #expect(throws: ClaimsError.self) { try cyc.validate() }
        await #expect(throws: ClaimsError.self) { try await ClaimEvaluator(registry: cyc).result(for: "TS-X") }
        #expect(throws: ClaimsError.self) {
            try Registry(papers: [Fixtures.paper], claims: [Fixtures.claim("TS-Z", repair: .claim("TS-NONE"))]).validate()
        }
    }

    @Test("An inadmissible construction (a hypothesis figure fails) is VIOLATED, never a refutation")
    func inadmissible() async throws {
        var s = Fixtures.statement(target: 6, controls: [])
        s.setup.admissible = false
        let r = try await run(Fixtures.claim("TS-K", expected: .refutedAsStated, statement: s, repair: .inline(Fixtures.statement())))
        #expect(r.statement.status == .inadmissible && r.verdict == .violated)
    }

    @Test("A check that throws gives ERROR with the message; a control that throws is not flagged")
    func errors() async throws {
        var s = Fixtures.statement()
        s.setup.explode = true
        let r = try await run(Fixtures.claim("TS-L", statement: s))
        #expect(r.verdict == .error && r.statement.error == "boom" && !r.passed)
        let c = Fixtures.statement(controls: [.mutation(name: "explode", "throws") { $0.explode = true }])
        let rc = try await run(Fixtures.claim("TS-M", statement: c))
        #expect(!rc.controls[0].flagged && rc.controls[0].error == "boom" && !rc.passed)
    }

    @Test("HOLDS-LOOSE above the looseness threshold, HOLDS at or below it; a factor below 1 is VIOLATED")
    func looseness() async throws {
        for (factor, verdict) in [(20.0, Verdict.holdsLoose), (10.0, .holds), (1.0, .holds), (0.5, .violated)] {
            var s = Fixtures.statement(check: Fixtures.looseCheck)
            s.setup.looseness = factor
            let r = try await run(Fixtures.claim("TS-N", expected: verdict, statement: s))
            #expect(r.verdict == verdict, "factor \(factor)")
            if verdict == .holdsLoose { #expect(r.looseFactor == 20) }
        }
    }

    @Test("VACUOUS needs vacuity figures that hold and a substitute; UNCHECKABLE-CONSTANT needs an implied constant and a variant")
    func vacuousAndUncheckable() async throws {
        let vac = Statement("vacuous", hypotheses: [], construction: "toy", setup: Fixtures.Toy(), check: Fixtures.vacuityCheck,
                            controls: [.mutation(name: "b = 4", "now b is free") { $0.b = 4 }])
        let r = try await run(Fixtures.claim("TS-O", expected: .vacuous, statement: vac, repair: .inline(Fixtures.statement())))
        #expect(r.verdict == .vacuous && r.passed, "\(r.problems)")
        #expect(r.repair?.role == "substitute statement")
        let noSubstitute = try await run(Fixtures.claim("TS-P", expected: .vacuous, statement: vac))
        #expect(noSubstitute.verdict == .violated)

        let unc = Fixtures.statement(form: .unspecifiedConstant, check: Fixtures.impliedConstantCheck)
        let u = try await run(Fixtures.claim("TS-Q", expected: .uncheckableConstant, statement: unc, repair: .inline(Fixtures.statement())))
        #expect(u.verdict == .uncheckableConstant && u.passed, "\(u.problems)")
        let noConstant = try await run(Fixtures.claim("TS-R", expected: .uncheckableConstant,
                                                      statement: Fixtures.statement(form: .unspecifiedConstant), repair: .inline(Fixtures.statement())))
        #expect(noConstant.verdict == .violated)
    }

    @Test("Cited, empirical and definition forms give their verdicts when their asserted figures hold, VIOLATED otherwise")
    func otherForms() async throws {
        for (form, verdict) in [(StatementForm.cited, Verdict.cited), (.empirical, .empirical), (.definition, .definition)] {
            let ok = try await run(Fixtures.claim("TS-S", expected: verdict, statement: Fixtures.statement(form: form)))
            #expect(ok.verdict == verdict && ok.passed)
            let bad = try await run(Fixtures.claim("TS-T", expected: verdict, statement: Fixtures.statement(target: 9, form: form)))
            #expect(bad.verdict == .violated && !bad.passed)
        }
    }

    @Test("Declared tiers must equal the tiers the asserted figures reach; the key figure must exist")
    func tierHonesty() async throws {
        let r = try await run(Fixtures.claim("TS-U", tiers: [.exact, .statistical]))
        #expect(!r.passed && r.problems.contains { $0.contains("declares tiers [exact, statistical]") })
        let k = Claim("TS-V", paper: Fixtures.paper, location: "§0", title: "t", expected: .holds, tiers: [.exact], keyFigure: "nope",
                      statement: Fixtures.statement())
        #expect(try await run(k).problems.contains { $0.contains("key figure 'nope'") })
    }

    @Test("Bad figures are declaration defects: invalid or duplicate keys, exact tier without text, requirement on a reported figure")
    func figureValidation() async throws {
        let bad: Check<Fixtures.Toy> = { _, _ in
            var e = Evidence()
            e.add(.count("sum", "a + b", 5, requirement: .equals("5"), note: ""))
            e.add(.count("sum", "again", 5, note: ""))
            e.add(.count("has space", "x", 1, note: ""))
            e.add(Figure("exactNoText", "x", value: 1, tier: .exact, tolerance: .exact, note: ""))
            e.add(Figure("reportedWithReq", "x", value: 1, tier: .numerical, role: .reported, requirement: .atMost(2), tolerance: .exact, note: ""))
            return e
        }
        let r = try await run(Fixtures.claim("TS-W", statement: Fixtures.statement(check: bad)))
        for needle in ["appears twice", "'has space' contains ' '", "exact tier without exact text", "role reported and a requirement"] {
            #expect(r.problems.contains { $0.contains(needle) }, "\(needle)")
        }
        #expect(FigureKey.problem("maxAbsDiff[N=6,B=2]") == nil)
        #expect(FigureKey.problem("Γ") != nil && FigureKey.problem("a::b") != nil && FigureKey.problem("") != nil)
    }

    @Test("Requirements at their boundaries: ≤ and ≥ include it, < and > do not; NaN meets nothing")
    func requirementBoundaries() {
        func f(_ v: Double) -> Figure { Figure("k", "k", value: v, tier: .numerical, tolerance: .exact, note: "") }
        #expect(Requirement.atMost(1).isMet(by: f(1)) && !Requirement.atMost(1).isMet(by: f(1.0000001)))
        #expect(!Requirement.lessThan(1).isMet(by: f(1)) && Requirement.lessThan(1).isMet(by: f(0.9999999)))
        #expect(Requirement.atLeast(1).isMet(by: f(1)) && !Requirement.greaterThan(1).isMet(by: f(1)))
        #expect(Requirement.between(1, 2).isMet(by: f(1)) && Requirement.between(1, 2).isMet(by: f(2)) && !Requirement.between(1, 2).isMet(by: f(2.0000001)))
        for r in [Requirement.atMost(1), .lessThan(1), .atLeast(0), .greaterThan(0), .between(-1, 1)] {
            #expect(!r.isMet(by: f(.nan)) && !r.isMet(by: f(.infinity)))
        }
        let exact = Figure.exact("e", "e", try! Rational(1, 3), note: "") // 1/3 is representable; the denominator is not 0
        #expect(Requirement.equals("1/3").isMet(by: exact) && !Requirement.equals("0").isMet(by: exact))
        #expect(!Requirement.equals("1").isMet(by: f(1))) // exact-text requirements need exact text
    }

    @Test("Tolerances: relative scales with the baseline (baseline ≠ 1), absolute does not")
    func tolerances() {
        #expect(Tolerance.relative(0.1).accepts(10.9, baseline: 10))
        #expect(!Tolerance.relative(0.1).accepts(11.1, baseline: 10))
        #expect(!Tolerance.absolute(0.1).accepts(10.9, baseline: 10))
        #expect(Tolerance.absolute(0.1).accepts(10.05, baseline: 10))
        #expect(Tolerance.exact.accepts(3, baseline: 3) && !Tolerance.exact.accepts(3, baseline: 3.0000001))
    }

    @Test("The verdict rule table, case by case")
    func verdictRules() {
        func result(_ status: CheckStatus, _ figures: [Figure] = []) -> StatementResult {
            StatementResult(text: "", form: .theorem, hypotheses: [], construction: "", setup: [], samples: [], scale: .quick, status: status,
                            summary: "", failing: [], figures: figures, plots: [], tier: nil, tiersUsed: [], error: nil)
        }
        #expect(VerdictRules.derive(form: .theorem, result: result(.satisfied), looseAbove: 10, repair: nil).verdict == .holds)
        #expect(VerdictRules.derive(form: .theorem, result: result(.counterexample), looseAbove: 10, repair: nil).verdict == .violated)
        #expect(VerdictRules.derive(form: .theorem, result: result(.counterexample), looseAbove: 10, repair: .holds).verdict == .refutedAsStated)
        #expect(VerdictRules.derive(form: .theorem, result: result(.counterexample), looseAbove: 10, repair: .violated).verdict == .violated)
        #expect(VerdictRules.derive(form: .theorem, result: result(.inadmissible), looseAbove: 10, repair: .holds).verdict == .violated)
        #expect(VerdictRules.derive(form: .theorem, result: result(.error), looseAbove: 10, repair: .holds).verdict == .error)
        #expect(VerdictRules.derive(form: .cited, result: result(.satisfied), looseAbove: 10, repair: nil).verdict == .cited)
        #expect(VerdictRules.derive(form: .empirical, result: result(.counterexample), looseAbove: 10, repair: nil).verdict == .violated)
        #expect(VerdictRules.derive(form: .definition, result: result(.satisfied), looseAbove: 10, repair: nil).verdict == .definition)
        #expect(VerdictRules.derive(form: .unspecifiedConstant, result: result(.satisfied), looseAbove: 10, repair: .holds).verdict == .violated)
    }
}
