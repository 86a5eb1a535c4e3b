import Claims
import Foundation
import Numerics
import Testing

/// Adversarial review of the claim layer: each test states a promise of the layer (README, "How a
/// verdict is decided", "Negative controls") and a declaration or input that breaks it. A test that
/// fails here is a demonstrated defect.
@Suite("Claim layer, adversarial")
struct AdversarialTests {
    typealias Toy = Fixtures.Toy

    func run(_ claims: [Claim], _ id: String) async throws -> ClaimResult {
        try await ClaimEvaluator(registry: Registry(papers: [Fixtures.paper], claims: claims), scale: .quick).result(for: id)
    }

    func run(_ claim: Claim) async throws -> ClaimResult { try await run([claim], claim.id) }

    func scratch(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sgd-claims-adv-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Only a reported figure: asserts nothing.
    static let assertsNothing: Check<Toy> = { s, _ in
        var e = Evidence()
        e.add(Figure("reported", "a·b", value: Double(s.a * s.b), tier: .numerical, tolerance: .relative(0.1), note: "context"))
        e.summary = "nothing asserted"
        return e
    }

    // MARK: controls

    @Test("A control on a refuted statement that changes a field the check never reads must not count")
    func refutedStatementControlOnUnreadField() async throws {
        // The statement a + b = 6 is already false on its own setup, so every control "fails a conclusion",
        // including one that touches only `unused`.
        let s = Fixtures.statement(target: 6, controls: [.mutation(name: "touch unused", "changes nothing the check reads") { $0.unused = 7 }])
        let r = try await run(Fixtures.claim("TS-ADV1", expected: .refutedAsStated, statement: s, repair: .inline(Fixtures.statement())))
        let c = try #require(r.controls.first { $0.appliesTo == "statement" })
        #expect(c.changes.map(\.name) == ["unused"])
        #expect(!c.asRequired, "a control whose figures equal the statement's own cannot show anything")
        #expect(!r.passed)
    }

    @Test("A .dropping control that drops a field the check never reads, and smuggles in a second change, must not count")
    func droppingSmugglesSecondField() async throws {
        let s = Statement("a + b = 5.", hypotheses: [Hypothesis("a is 2", field: "a"), Hypothesis("unused is 0", field: "unused")],
                          construction: "toy", setup: Toy(), check: Fixtures.sumCheck(target: 5),
                          controls: [.dropping("unused", name: "drop 'unused'", "claims to drop the hypothesis 'unused'") {
                              $0.unused = 1
                              $0.b = 99 // the change that actually makes the conclusion fail
                          }])
        let r = try await run(Fixtures.claim("TS-ADV2", statement: s))
        #expect(r.controls[0].changes.count == 2)
        #expect(!r.passed, "a control is the setup with ONE field changed; this one is flagged only because of 'b'")
    }

    @Test("A .differentCode control may ignore the setup entirely and still count")
    func differentCodeIgnoresSetup() async throws {
        let alwaysFails: Check<Toy> = { _, _ in
            var e = Evidence()
            e.add(.count("sum", "a + b", 0, requirement: .equals("5"), note: "hard-coded failure"))
            return e
        }
        let s = Fixtures.statement(controls: [.differentCode(name: "other code", why: "needs its own code", "ignores the setup",
                                                             mutate: { $0.unused = 1 }, check: alwaysFails)])
        let r = try await run(Fixtures.claim("TS-ADV3", statement: s))
        // The alternative check never reads `unused`: its figures do not depend on the change.
        #expect(!r.passed, "a different-code control that does not depend on the changed field proves nothing")
    }

    @Test("A control whose conclusion figure turns NaN (a broken computation, not a rejection) must not be flagged")
    func nanFlagsControl() async throws {
        let check: Check<Toy> = { s, _ in
            var e = Evidence()
            // 0/0 when unused = 1: the check does not throw, it just produces NaN.
            let ratio = s.unused == 0 ? 0.5 : Double(s.unused - 1) / Double(s.unused - 1)
            e.add(Figure("ratio", "error / bound", value: ratio, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(1), note: "ratio"))
            return e
        }
        let st = Statement("error within bound", hypotheses: [], construction: "toy", setup: Toy(), check: check,
                           controls: [.mutation(name: "NaN", "produces 0/0") { $0.unused = 1 }])
        let r = try await run(Claim("TS-ADV4", paper: Fixtures.paper, location: "§0", title: "t", expected: .holds, tiers: [.numerical],
                                    keyFigure: "ratio", statement: st))
        #expect(!r.controls[0].flagged, "a NaN is not the comparison rejecting the construction")
        #expect(!r.passed)
    }

    // MARK: verdicts

    @Test("A claim whose check asserts nothing must not pass as HOLDS")
    func assertsNothingHolds() async throws {
        let st = Statement("anything at all", hypotheses: [], construction: "toy", setup: Toy(), check: Self.assertsNothing, controls: [])
        let r = try await run(Claim("TS-ADV5", paper: Fixtures.paper, location: "§0", title: "t", expected: .holds, tiers: [],
                                    keyFigure: "reported", statement: st))
        #expect(r.verdict == .holds)
        #expect(!r.passed, "no requirement, no control, no tier: nothing was checked")
    }

    @Test("An inline repair that asserts nothing (and has no control) must not make a claim REFUTED-AS-STATED")
    func repairAssertsNothing() async throws {
        let repair = Statement("the repaired statement", hypotheses: [], construction: "toy", setup: Toy(), check: Self.assertsNothing, controls: [])
        let r = try await run(Fixtures.claim("TS-ADV6", expected: .refutedAsStated, statement: Fixtures.statement(target: 6, controls: []),
                                             repair: .inline(repair)))
        #expect(r.repair?.verdict == .holds)
        #expect(r.controls.isEmpty)
        #expect(!r.passed, "the repair must be checked, hold, and have a negative control")
    }

    @Test("A NaN conclusion figure must not be a counterexample that refutes the statement")
    func nanRefutes() async throws {
        let check: Check<Toy> = { _, _ in
            var e = Evidence()
            e.add(.count("admissible", "construction admissible", 1, role: .hypothesis, requirement: .equals("1"), note: "hypothesis"))
            e.add(Figure("ratio", "error / bound", value: .nan, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(1), note: "0/0"))
            return e
        }
        let st = Statement("error within bound", hypotheses: [], construction: "toy", setup: Toy(), check: check, controls: [])
        let r = try await run(Claim("TS-ADV7", paper: Fixtures.paper, location: "§0", title: "t", expected: .refutedAsStated,
                                    tiers: [.exact, .numerical], keyFigure: "ratio", statement: st, repair: .inline(Fixtures.statement())))
        #expect(r.verdict != .refutedAsStated || !r.passed, "a NaN is a failed computation, not a counterexample")
    }

    @Test("A refuting check that does not depend on the setup (never shown to accept anything) must not pass")
    func refutationIndependentOfSetup() async throws {
        let constant: Check<Toy> = { _, _ in
            var e = Evidence()
            e.add(.count("sum", "a + b", 0, requirement: .equals("5"), note: "hard-coded"))
            return e
        }
        let st = Statement("a + b = 5 (claimed false)", hypotheses: [], construction: "toy", setup: Toy(), check: constant, controls: [])
        let r = try await run(Fixtures.claim("TS-ADV8", expected: .refutedAsStated, statement: st, repair: .inline(Fixtures.statement())))
        #expect(r.verdict == .refutedAsStated)
        #expect(!r.passed, "no sanity control, no figure that depends on the setup: the refutation is unfalsifiable")
    }

    @Test("VACUOUS and UNCHECKABLE-CONSTANT statements whose asserted figures are never shown to fail must not pass")
    func nonAffirmativeVerdictsNeedNoControl() async throws {
        let constantVacuity: Check<Toy> = { _, _ in
            var e = Evidence()
            e.add(.count("forced", "hypotheses force a trivial case", 1, role: .vacuity, requirement: .equals("1"), note: "hard-coded"))
            return e
        }
        let vac = Statement("vacuous", hypotheses: [], construction: "toy", setup: Toy(), check: constantVacuity, controls: [])
        let v = try await run(Claim("TS-ADV13", paper: Fixtures.paper, location: "§0", title: "t", expected: .vacuous, tiers: [.exact],
                                    keyFigure: "forced", statement: vac, repair: .inline(Fixtures.statement())))
        #expect(v.verdict == .vacuous)
        #expect(!v.passed, "the vacuity figure does not depend on the setup and no control of the statement challenges it")

        let unc = Fixtures.statement(form: .unspecifiedConstant, check: Fixtures.impliedConstantCheck, controls: [])
        let u = try await run(Fixtures.claim("TS-ADV14", expected: .uncheckableConstant, statement: unc,
                                             repair: .inline(Fixtures.statement())))
        #expect(u.verdict == .uncheckableConstant)
        #expect(!u.passed, "the statement asserts a + b = 5 and no control of the statement shows that check can fail")
    }

    @Test("A refutation carried only by a statistical figure must not report the exact tier")
    func refutationTierInflated() async throws {
        let check: Check<Toy> = { s, _ in
            var e = Evidence()
            e.add(.count("exactPart", "exactly true part", 1, requirement: .equals("1"), note: "holds"))
            e.add(Figure("mcEstimate", "Monte Carlo z-score", value: s.b == 3 ? 9 : 1, tier: .statistical, requirement: .atMost(3.3),
                         tolerance: .absolute(1), note: "fails on the toy setup, holds when b = 4"))
            return e
        }
        let st = Statement("two-part statement", hypotheses: [], construction: "toy", setup: Toy(), check: check,
                           controls: [.sanity(name: "b = 4", "the statistical part holds") { $0.b = 4 }])
        let r = try await run(Claim("TS-ADV9", paper: Fixtures.paper, location: "§0", title: "t", expected: .refutedAsStated,
                                    tiers: [.exact, .statistical], keyFigure: "mcEstimate", statement: st, repair: .inline(Fixtures.statement())))
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(r.tier == .statistical, "the counterexample is statistical; the report says \(r.tier?.rawValue ?? "none")")
    }

    @Test("A second looseness figure is silently ignored")
    func secondLoosenessIgnored() async throws {
        let check: Check<Toy> = { s, c in
            var e = try Fixtures.sumCheck(target: 5)(s, c)
            e.add(Figure("looseness1", "bound / attained (case 1)", value: 1, tier: .numerical, role: .looseness, tolerance: .relative(0.1), note: ""))
            e.add(Figure("looseness2", "bound / attained (case 2)", value: 1000, tier: .numerical, role: .looseness, tolerance: .relative(0.1), note: ""))
            return e
        }
        let r = try await run(Fixtures.claim("TS-ADV10", statement: Fixtures.statement(check: check)))
        #expect(r.verdict == .holdsLoose || !r.passed, "a factor of 1000 in the second looseness figure is never looked at")
    }

    @Test("Exact text is compared as text: '2/4' fails '= 1/2', and exact text that contradicts the value is not caught")
    func exactTextNotNormalised() async throws {
        let check: Check<Toy> = { s, c in
            var e = try Fixtures.sumCheck(target: 5)(s, c)
            // value 7 but exact text "5": the requirement reads only the text, the baseline and the plots read the value.
            e.add(Figure("half", "one half", value: 0.5, exact: "2/4", tier: .exact, requirement: .equals("1/2"), tolerance: .exact, note: ""))
            e.add(Figure("lies", "text and value disagree", value: 7, exact: "5", tier: .exact, requirement: .equals("5"), tolerance: .exact, note: ""))
            return e
        }
        let r = try await run(Fixtures.claim("TS-ADV12", statement: Fixtures.statement(check: check)))
        #expect(r.statement.figures.first { $0.key == "half" }?.requirementMet == true, "2/4 = 1/2")
        #expect(r.problems.contains { $0.contains("lies") }, "exact text 5 with value 7 is a declaration defect")
    }

    @Test("validate() must reject claim IDs that are not file-name safe (they become paths under Reports/ and Baselines/)")
    func unsafeClaimID() throws {
        let reg = Registry(papers: [Fixtures.paper], claims: [Fixtures.claim("TS-../../../escape")])
        #expect(throws: ClaimsError.self) { try reg.validate() }
        #expect(ClaimBaseline.path("TS-../../../escape") == "Baselines/TS-../../../escape.json") // where `baseline` would write
    }

    // MARK: setups described by Mirror + JSON

    struct SetSetup: ClaimSetup {
        var tags: Set<Int> = []
    }

    @Test("Equal setups must describe identically (a Set field is encoded in hash order, which also changes from process to process)")
    func setFieldsDescribeDeterministically() throws {
        var a = SetSetup(), b = SetSetup()
        a.tags = Set(0..<12)
        b.tags = Set(minimumCapacity: 200)
        for i in (0..<12).reversed() { b.tags.insert(i) }
        #expect(a == b)
        func fields(_ s: SetSetup) -> [SetupField] {
            let st = Statement("x", hypotheses: [], construction: "x", setup: s, check: { _, _ in Evidence() }, controls: [])
            return AnyStatement(st).setupFields
        }
        #expect(fields(a) == fields(b), "\(fields(a)) vs \(fields(b))")
    }

    struct FloatSetup: ClaimSetup {
        var cap = Double.infinity
    }

    @Test("A non-finite Double in a setup is shown as its value, and a control that changes it is seen as a change")
    func nonFiniteSetupField() async throws {
        let check: Check<FloatSetup> = { s, _ in
            var e = Evidence()
            e.add(.count("capIsInfinite", "cap is +∞", s.cap == .infinity ? 1 : 0, requirement: .equals("1"), note: ""))
            return e
        }
        let st = Statement("cap is infinite", hypotheses: [Hypothesis("no cap", field: "cap")], construction: "x", setup: FloatSetup(),
                           check: check, controls: [.dropping("cap", name: "cap NaN", "cap = NaN") { $0.cap = .nan }])
        let r = try await run(Claim("TS-ADV11", paper: Fixtures.paper, location: "§0", title: "t", expected: .holds, tiers: [.exact],
                                    keyFigure: "capIsInfinite", statement: st))
        #expect(r.statement.setup.first?.value != "<unencodable>")
        #expect(r.passed, "\(r.problems)")
    }

    // MARK: repairs, evaluator

    @Test("A 2-cycle of registered repairs passes validate(), and a claim's result depends on which claim is asked first")
    func cycleOrderDependent() async throws {
        let cyc = Registry(papers: [Fixtures.paper], claims: [
            Fixtures.claim("TS-X", expected: .refutedAsStated, statement: Fixtures.statement(target: 6, controls: []), repair: .claim("TS-Y")),
            Fixtures.claim("TS-Y", expected: .refutedAsStated, statement: Fixtures.statement(target: 6, controls: []), repair: .claim("TS-X")),
        ])
        #expect(throws: ClaimsError.self, "validate() catches a repair naming itself but not X → Y → X") { try cyc.validate() }
        // Fixed: the evaluator validates the registry first, so every request order fails the same way.
        await #expect(throws: ClaimsError.self) { try await ClaimEvaluator(registry: cyc).result(for: "TS-X") }
        await #expect(throws: ClaimsError.self) { try await ClaimEvaluator(registry: cyc).result(for: "TS-Y") }
    }

    @Test("timings() (called after every finished claim when a progress line is shown) must not wait for claims still running",
          .timeLimit(.minutes(1)))
    func timingsWaitsForRunningClaims() async throws {
        // The claim blocks until the test opens the gate, so no wall-clock threshold is involved: if
        // timings() waited for running claims it would never return and the time limit would fail the test.
        final class Gate: @unchecked Sendable {
            let entered = DispatchSemaphore(value: 0), open = DispatchSemaphore(value: 0)
        }
        let gate = Gate()
        let blocking: Check<Toy> = { s, c in gate.entered.signal(); gate.open.wait(); return try Fixtures.sumCheck(target: 5)(s, c) }
        let reg = Registry(papers: [Fixtures.paper], claims: [Fixtures.claim("TS-SLOW", statement: Fixtures.statement(check: blocking, controls: []))])
        let e = ClaimEvaluator(registry: reg, parallel: false)
        async let slowResult = e.result(for: "TS-SLOW")
        await Task.detached { gate.entered.wait() }.value // TS-SLOW is now running
        let t = await e.timings()
        #expect(t["TS-SLOW"] == nil, "a running claim has no timing yet")
        gate.open.signal()
        _ = try await slowResult
        #expect(await e.timings()["TS-SLOW"] != nil)
    }

    // MARK: outputs

    static func plotCheck(target: Int, ys: [Double]) -> Check<Toy> {
        { s, c in
            var e = try Fixtures.sumCheck(target: target)(s, c)
            e.plots.append(Plot(key: "curve", caption: "a curve", chart: LinePlot(
                title: "curve for target \(target)", xAxis: PlotAxis("x"), yAxis: PlotAxis("y"),
                series: [PlotSeries("s", x: [1, 2, 3], y: ys)])))
            return e
        }
    }

    @Test("A statement and its inline repair with the same plot key write one file twice; check then fails forever")
    func plotFileCollision() async throws {
        let claim = Fixtures.claim("TS-PLOT", expected: .refutedAsStated,
                                   statement: Fixtures.refutedStatement(target: 6, check: Self.plotCheck(target: 6, ys: [1, 2, 3])),
                                   repair: .inline(Fixtures.statement(check: Self.plotCheck(target: 5, ys: [3, 2, 1]))))
        let reg = Registry(papers: [Fixtures.paper], claims: [claim])
        let r = try await run(reg.claims, "TS-PLOT")
        #expect(r.passed, "\(r.problems)")
        let files = try OutputFiles.report(registry: reg, results: [r], scale: .quick)
        #expect(Set(files.map(\.path)).count == files.count, "duplicate output paths: \(files.map(\.path))")

        let dir = try scratch("plots")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(await CommandLineInterface.run(["report", "--dir", dir, "--quiet"], registry: reg).status == 0)
        #expect(await CommandLineInterface.run(["baseline", "--dir", dir, "--quiet"], registry: reg).status == 0)
        let check = await CommandLineInterface.run(["check", "--dir", dir, "--quiet"], registry: reg)
        #expect(check.status == 0, "report then check on the same binary: \(check.stderr)")
    }

    @Test("check compares bytes: a page whose bytes differ only by Unicode normalisation is stale")
    func unicodeNormalisationHidesStaleFile() async throws {
        let claim = Claim("TS-CAFE", paper: Fixtures.paper, location: "§0", title: "Caf\u{E9} claim", expected: .holds, tiers: [.exact],
                          keyFigure: "sum", statement: Fixtures.statement())
        let reg = Registry(papers: [Fixtures.paper], claims: [claim])
        let dir = try scratch("nfd")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(await CommandLineInterface.run(["report", "--dir", dir, "--quiet"], registry: reg).status == 0)
        #expect(await CommandLineInterface.run(["baseline", "--dir", dir, "--quiet"], registry: reg).status == 0)
        let page = dir + "/Reports/900/TS-CAFE.md"
        let original = try Data(contentsOf: URL(fileURLWithPath: page))
        // Same text, other bytes: é (C3 A9) rewritten as e + combining acute accent (65 CC 81).
        var bytes: [UInt8] = [], i = 0
        let original8 = [UInt8](original)
        while i < original8.count {
            if i + 1 < original8.count && original8[i] == 0xC3 && original8[i + 1] == 0xA9 { bytes += [0x65, 0xCC, 0x81]; i += 2 } else {
                bytes.append(original8[i]); i += 1
            }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: page))
        #expect(Data(bytes) != original)
        let check = await CommandLineInterface.run(["check", "--dir", dir, "--quiet"], registry: reg)
        #expect(check.status == 1 && check.stderr.contains("TS-CAFE.md"), "page bytes differ from what report writes, yet check is clean")
    }

    @Test("A tolerance the layer accepts must at least accept the identical value (else check fails forever on the same binary)")
    func tolerancesRejectingIdenticalValues() async throws {
        for tol in [Tolerance.relative(.infinity), .absolute(.nan), .absolute(-1), .relative(-0.5)] {
            let check: Check<Toy> = { s, c in
                var e = try Fixtures.sumCheck(target: 5)(s, c)
                e.add(Figure("zeroish", "a value that is 0", value: 0, tier: .numerical, tolerance: tol, note: "context"))
                return e
            }
            let r = try await run(Fixtures.claim("TS-TOL", statement: Fixtures.statement(check: check)))
            let drift = ClaimBaseline(result: r).differences(from: r)
            #expect(drift.isEmpty || !r.passed, "tolerance \(tol.summary): the claim passes the layer, yet its own baseline reports drift: \(drift)")
        }
    }
}

// MARK: crashes

@Suite("SVG plotter, adversarial")
struct AdversarialPlotTests {
    @Test("Finite values near 1e19 on a linear axis must not trap (tick label Int conversion)")
    func hugeValuesNear1e19() async {
        await #expect(processExitsWith: .success) {
            let p = LinePlot(title: "t", xAxis: PlotAxis("x"), yAxis: PlotAxis("y"),
                             series: [PlotSeries("s", x: [1, 2], y: [1e19, 1e19 + 20_480])])
            _ = try? p.svg()
        }
    }

    @Test("Finite values spanning most of the Double range must not trap (axis end overflows to ∞)")
    func hugeRange() async {
        await #expect(processExitsWith: .success) {
            let p = LinePlot(title: "t", xAxis: PlotAxis("x"), yAxis: PlotAxis("y"),
                             series: [PlotSeries("s", x: [1, 2], y: [0, 1.7e308])])
            _ = try? p.svg()
        }
    }

    @Test("A subnormal range must not trap (tick step underflows to 0)")
    func subnormalRange() async {
        await #expect(processExitsWith: .success) {
            let p = LinePlot(title: "t", xAxis: PlotAxis("x"), yAxis: PlotAxis("y"),
                             series: [PlotSeries("s", x: [1, 2], y: [0, 5e-324])])
            _ = try? p.svg()
        }
    }

    @Test("A claim whose check attaches a plot of huge finite values must not crash the whole run")
    func claimWithHugePlot() async {
        await #expect(processExitsWith: .success) {
            let check: Check<Fixtures.Toy> = { s, c in
                var e = try Fixtures.sumCheck(target: 5)(s, c)
                e.plots.append(Plot(key: "huge", caption: "c", chart: LinePlot(
                    title: "t", xAxis: PlotAxis("x"), yAxis: PlotAxis("y"), series: [PlotSeries("s", x: [1, 2], y: [0, 1.7e308])])))
                return e
            }
            let reg = Registry(papers: [Fixtures.paper], claims: [Fixtures.claim("TS-HUGE", statement: Fixtures.statement(check: check))])
            _ = await CommandLineInterface.run(["verify", "--quiet"], registry: reg)
        }
    }
}
