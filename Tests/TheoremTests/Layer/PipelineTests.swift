import Claims
import Foundation
import Testing

/// Report, baseline and command line, on the fixture registry (never the real one).
@Suite("Report, baseline and command line")
struct PipelineTests {
    let registry = Fixtures.registry

    func scratch(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sgd-claims-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("Report files are byte-identical whatever the number of jobs, and in registry order")
    func deterministicAcrossJobs() async throws {
        let one = try await ClaimRunner.run(registry.claims, registry: registry, jobs: 1)
        let two = try await ClaimRunner.run(registry.claims, registry: registry, jobs: 2)
        #expect(one.results.map(\.id) == registry.ids)
        let a = try OutputFiles.report(registry: registry, results: one.results, scale: .quick)
        let b = try OutputFiles.report(registry: registry, results: two.results, scale: .quick)
        #expect(a == b)
        #expect(a.map(\.path).contains("Reports/900/TS-HOLDS.md"))
        let summary = try #require(a.first { $0.path == "REPORT.md" }).content
        #expect(summary.contains("[TS-HOLDS](Reports/900/TS-HOLDS.md)"))
        #expect(summary.contains("REFUTED-AS-STATED — repaired statement HOLDS"))
        #expect(summary.contains("HOLDS-LOOSE (×20.0)"))
        // Controls flagged / total and claims as expected: the registered repair's control counts once.
        #expect(summary.contains("| 4/4 | 5/5 |"))
    }

    @Test("Per-claim baselines round-trip and catch drift, changed verdicts, changed control outcomes, added and removed figures")
    func baselines() async throws {
        let run = try await ClaimRunner.run(registry.claims, registry: registry)
        let r = try #require(run.results.first { $0.id == "TS-LOOSE" })
        let base = ClaimBaseline(result: r)
        let text = try base.encoded()
        let back = try ClaimBaseline.decode(text, path: "x")
        #expect(back == base && back.differences(from: r).isEmpty)
        // looseness = 20 with tolerance 10% relative: 21 is inside, 23 outside.
        let inside = try ClaimBaseline.decode(text.replacingOccurrences(of: "\"value\" : 20", with: "\"value\" : 21"), path: "x")
        #expect(inside.differences(from: r).isEmpty)
        let outside = try ClaimBaseline.decode(text.replacingOccurrences(of: "\"value\" : 20", with: "\"value\" : 23"), path: "x")
        #expect(outside.differences(from: r).contains { $0.hasPrefix("TS-LOOSE: 'looseness'") })
        let verdict = try ClaimBaseline.decode(text.replacingOccurrences(of: "\"HOLDS-LOOSE\"", with: "\"HOLDS\""), path: "x")
        #expect(verdict.differences(from: r).contains { $0.contains("verdict HOLDS-LOOSE, baseline HOLDS") })
        let flag = try ClaimBaseline.decode(text.replacingOccurrences(of: "a = 3\" : true", with: "a = 3\" : false"), path: "x")
        #expect(flag.differences(from: r).contains { $0.contains("control 'statement :: a = 3'") })
        let renamed = try ClaimBaseline.decode(text.replacingOccurrences(of: "\"reported\" :", with: "\"reportedOld\" :"), path: "x")
        let d = renamed.differences(from: r)
        #expect(d.contains { $0.contains("'reportedOld' disappeared") } && d.contains { $0.contains("new figure 'reported'") })
        #expect(throws: ClaimsError.self) { try ClaimBaseline.decode("{ not json", path: "x") }
    }

    @Test("Non-finite figures survive the JSON round trip as strings")
    func nonFiniteJSON() throws {
        let f = Figure("z", "z", value: .infinity, tier: .statistical, tolerance: .relative(1e-9), note: "")
        let data = try JSONEncoder.sgdClaims().encode([f])
        #expect(String(decoding: data, as: UTF8.self).contains("+inf"))
    }

    @Test("Command line: unknown IDs and papers, commands, flags and values exit 2 with a clear message")
    func commandLineErrors() async {
        let unknown = await CommandLineInterface.run(["verify", "TS-HOLDS", "XX-1"], registry: registry)
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown claim ID 'XX-1'") && unknown.stderr.contains("TS-HOLDS"))
        #expect(await CommandLineInterface.run(["explain", "XX-1"], registry: registry).status == 2)
        #expect(await CommandLineInterface.run(["explain"], registry: registry).status == 2)
        #expect(await CommandLineInterface.run(["list", "--paper", "777"], registry: registry).status == 2)
        #expect(await CommandLineInterface.run(["frobnicate"], registry: registry).status == 2)
        #expect(await CommandLineInterface.run([], registry: registry).status == 2)
        let flag = await CommandLineInterface.run(["report", "--fast"], registry: registry)
        #expect(flag.status == 2 && flag.stderr.contains("unknown option '--fast'"))
        for bad in [["report", "--dir"], ["check", "--dir", "/nonexistent/dir"], ["list", "extra"], ["verify", "--scale", "huge"],
                    ["verify", "--jobs", "0"], ["verify", "--jobs", "many"], ["check", "--scale", "full"], ["list", "--json"]] {
            #expect(await CommandLineInterface.run(bad, registry: registry).status == 2, "\(bad)")
        }
    }

    @Test("Command line: list, explain and verify (text and JSON)")
    func commandLineQueries() async throws {
        let list = await CommandLineInterface.run(["list", "--paper", "900"], registry: registry)
        #expect(list.status == 0 && list.stdout.contains("TS-HOLDS\t900\tHOLDS\tFixture TS-HOLDS"))
        let explain = await CommandLineInterface.run(["explain", "TS-REFUTED"], registry: registry)
        #expect(explain.status == 0 && explain.stdout.contains("a + b = 6.") && explain.stdout.contains("repaired statement"))
        #expect(explain.stdout.contains("a is 2 [setup field a]"))
        let verify = await CommandLineInterface.run(["verify", "TS-HOLDS", "--quiet"], registry: registry)
        #expect(verify.status == 0 && verify.stdout.contains("sum = 5") && verify.stdout.contains("1 passed, 0 failed"))
        #expect(verify.stdout.contains("runtime per claim, slowest first"))
        let json = await CommandLineInterface.run(["verify", "TS-HOLDS", "--json"], registry: registry)
        let decoded = try JSONDecoder.sgdClaims().decode([ClaimResult].self, from: Data(json.stdout.utf8))
        #expect(decoded.map(\.id) == ["TS-HOLDS"] && decoded[0].passed)
        let failing = Registry(papers: [Fixtures.paper], claims: [Fixtures.claim("TS-BAD", statement: Fixtures.statement(target: 9))])
        #expect(await CommandLineInterface.run(["verify"], registry: failing).status == 1)
    }

    @Test("Command line: report, baseline and check round-trip; stale pages, extra files and missing baselines are named")
    func commandLineRoundTrip() async throws {
        let dir = try scratch("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = await CommandLineInterface.run(["check", "--dir", dir], registry: registry)
        #expect(missing.status == 1 && missing.stderr.contains("TS-HOLDS: no baseline"))
        #expect(await CommandLineInterface.run(["report", "--dir", dir], registry: registry).status == 0)
        #expect(await CommandLineInterface.run(["baseline", "--dir", dir], registry: registry).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/Baselines/TS-HOLDS.json"))
        let ok = await CommandLineInterface.run(["check", "--dir", dir], registry: registry)
        #expect(ok.status == 0, "\(ok.stderr)")

        let page = dir + "/Reports/900/TS-LOOSE.md"
        try "edited by hand\n".write(toFile: page, atomically: true, encoding: .utf8)
        try "old\n".write(toFile: dir + "/Reports/900/TS-GONE.md", atomically: true, encoding: .utf8)
        try "{}\n".write(toFile: dir + "/Baselines/TS-GONE.json", atomically: true, encoding: .utf8)
        let stale = await CommandLineInterface.run(["check", "--dir", dir], registry: registry)
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("Reports/900/TS-LOOSE.md (TS-LOOSE) is stale"))
        #expect(stale.stderr.contains("Reports/900/TS-GONE.md is not produced by the current code"))
        #expect(stale.stderr.contains("Baselines/TS-GONE.json belongs to no registered claim"))
        // report and baseline prune what the code no longer produces.
        #expect(await CommandLineInterface.run(["report", "--dir", dir], registry: registry).status == 0)
        #expect(await CommandLineInterface.run(["baseline", "--dir", dir], registry: registry).status == 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/Reports/900/TS-GONE.md"))
        #expect(await CommandLineInterface.run(["check", "--dir", dir], registry: registry).status == 0)
    }

    @Test("report --scale full writes into FullScale/ and leaves the quick report alone")
    func fullScale() async throws {
        let dir = try scratch("full")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(await CommandLineInterface.run(["report", "--dir", dir, "--scale", "full"], registry: registry).status == 0)
        let text = try String(contentsOfFile: dir + "/FullScale/REPORT.md", encoding: .utf8)
        #expect(text.contains("at scale **full**"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/REPORT.md"))
    }

    @Test("Progress goes to the reporter: claims done / total, elapsed, slowest claim")
    func progress() async throws {
        final class Sink: @unchecked Sendable {
            let lock = NSLock()
            var text = ""
            func add(_ s: String) { lock.lock(); text += s; lock.unlock() }
        }
        let sink = Sink()
        _ = try await ClaimRunner.run(registry.claims, registry: registry, jobs: 2, progress: ProgressReporter { sink.add($0) })
        #expect(sink.text.contains("[5/5 claims]") && sink.text.contains("slowest so far") && sink.text.hasSuffix("\n"))
    }
}
