import Claims
import Foundation
import Testing

@Suite("Registry, report, baseline and command line")
struct PipelineTests {
    @Test("Registry IDs are unique and carry their paper prefix")
    func registry() throws {
        try ClaimRegistry.validate()
        #expect(ClaimRegistry.ids.contains("BS-EQ10") && ClaimRegistry.ids.contains("BS-REG"))
        #expect(throws: ClaimsError.self) { try ClaimRegistry.claim("BS-NOPE") }
        #expect(try ClaimRegistry.select(["BS-REG", "BS-REG"]).map(\.id) == ["BS-REG"])
    }

    @Test("Report and JSON are byte-identical across two runs")
    func deterministic() throws {
        let a = try CommandLineInterface.render(), b = try CommandLineInterface.render()
        #expect(a.markdown == b.markdown)
        #expect(a.json == b.json)
        #expect(a.markdown.contains("### BS-EQ10") && a.markdown.contains("### BS-REG"))
        #expect(a.markdown.contains("FLAGGED"))
        #expect(!a.markdown.contains("NOT FLAGGED"))
    }

    @Test("Baseline comparison accepts fresh results and flags drift, verdict changes and missing claims")
    func baseline() throws {
        let results = try CommandLineInterface.render().results
        let base = Baseline(results: results)
        #expect(base.differences(from: results).isEmpty)
        let roundTrip = try Baseline.decode(try base.encoded())
        #expect(roundTrip == base)
        #expect(roundTrip.differences(from: results).isEmpty)

        // Drift one numerical figure by more than its tolerance.
        var text = try base.encoded()
        let r = try #require(results.first { $0.id == "BS-REG" })
        let f = try #require(r.figures.first { $0.name == "∇Reg1 error / bound, Double" })
        text = text.replacingOccurrences(of: "\"value\" : \(f.value)", with: "\"value\" : \(f.value + 2)")
        #expect(try Baseline.decode(text).differences(from: results).contains { $0.contains("∇Reg1 error / bound, Double") })

        // Change an exact figure.
        let exactText = try base.encoded().replacingOccurrences(of: "\"exact\" : \"57833/73728\"", with: "\"exact\" : \"1/2\"")
        #expect(!(try Baseline.decode(exactText).differences(from: results)).isEmpty)

        // A result set missing a claim, and a changed verdict.
        #expect(base.differences(from: Array(results.dropLast())).contains { $0.contains("not computed") })
        let verdictText = try base.encoded().replacingOccurrences(of: "\"verdict\" : \"HOLDS\"", with: "\"verdict\" : \"VIOLATED\"")
        #expect(try Baseline.decode(verdictText).differences(from: results).contains { $0.contains("verdict") })
        #expect(throws: ClaimsError.self) { try Baseline.decode("{ not json") }
    }

    @Test("Tolerance semantics")
    func tolerance() {
        #expect(Tolerance.absolute(1).accepts(1.5, baseline: 1))
        #expect(!Tolerance.absolute(1).accepts(2.5, baseline: 1))
        #expect(Tolerance.relative(0.1).accepts(1.05, baseline: 1))
        #expect(!Tolerance.relative(0.1).accepts(1.2, baseline: 1))
        #expect(Tolerance.exact.accepts(3, baseline: 3) && !Tolerance.exact.accepts(3, baseline: 3.0000001))
    }

    @Test("Verdicts are derived from figure requirements: one unmet requirement gives VIOLATED / not flagged")
    func requirementsDecide() {
        let ok = Figure("ratio", value: 0.5, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(1), note: "")
        let bad = Figure("ratio2", value: 1.5, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(1), note: "")
        let info = Figure("info", value: 7, tier: .numerical, tolerance: .absolute(1), note: "")
        #expect(CheckOutcome.fromRequirements([ok, info], tier: .numerical, holds: "").verdict == .holds)
        let violated = CheckOutcome.fromRequirements([ok, bad, info], tier: .numerical, holds: "")
        #expect(violated.verdict == .violated && violated.summary.contains("ratio2"))
        #expect(!ControlOutcome.fromRequirements([bad], flagged: "").flagged)
        #expect(ControlOutcome.fromRequirements([ok], flagged: "").flagged)
        let zero = Figure.exact("d", .zero, requirement: .equals("0"), note: "")
        #expect(zero.requirementMet)
        #expect(!Figure.exact("d", .one, requirement: .equals("0"), note: "").requirementMet)
        #expect(Figure.exact("d", .one, requirement: .differsFrom("0"), note: "").requirementMet)
        #expect(!Figure("nan", value: .nan, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(1), note: "").requirementMet)
    }

    @Test("Command line: unknown IDs, commands and flags exit 2 with a clear message")
    func commandLineErrors() {
        let unknown = CommandLineInterface.run(["verify", "BS-EQ10", "XX-1"])
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown claim ID 'XX-1'") && unknown.stderr.contains("BS-EQ10"))
        #expect(CommandLineInterface.run(["frobnicate"]).status == 2)
        #expect(CommandLineInterface.run([]).status == 2)
        let flag = CommandLineInterface.run(["report", "--fast"])
        #expect(flag.status == 2 && flag.stderr.contains("unknown option '--fast'"))
        #expect(CommandLineInterface.run(["report", "--dir"]).status == 2)
        #expect(CommandLineInterface.run(["check", "--dir", "/nonexistent/dir"]).status == 2)
        #expect(CommandLineInterface.run(["list", "extra"]).status == 2)
    }

    @Test("Command line: list, verify, report, baseline and check round-trip in a scratch directory")
    func commandLineRoundTrip() throws {
        #expect(CommandLineInterface.run(["list"]).stdout.contains("BS-EQ10\t001\tHOLDS"))
        let v = CommandLineInterface.run(["verify", "BS-EQ10"])
        #expect(v.status == 0 && v.stdout.contains("1 passed, 0 failed"))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sgd-claims-test-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = CommandLineInterface.run(["check", "--dir", dir])
        #expect(missing.status == 1 && missing.stderr.contains("cannot read"))
        #expect(CommandLineInterface.run(["report", "--dir", dir]).status == 0)
        #expect(CommandLineInterface.run(["baseline", "--dir", dir]).status == 0)
        let ok = CommandLineInterface.run(["check", "--dir", dir])
        #expect(ok.status == 0, "\(ok.stderr)")
        // A stale report is caught.
        let report = (dir as NSString).appendingPathComponent("REPORT.md")
        try "edited by hand\n".write(toFile: report, atomically: true, encoding: .utf8)
        let stale = CommandLineInterface.run(["check", "--dir", dir])
        #expect(stale.status == 1 && stale.stderr.contains("REPORT.md is stale"))
    }
}
