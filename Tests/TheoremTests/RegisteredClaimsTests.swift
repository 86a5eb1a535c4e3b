import Claims
import Foundation
import Testing

@Suite("Every registered claim")
struct RegisteredClaimsTests {
    @Test("gives its expected verdict at its declared tiers, and every negative control is flagged", arguments: Registry.main.ids)
    func claimPasses(id: String) async throws {
        let r = try await claimResult(id)
        #expect(r.problems.isEmpty, "\(id): \(r.problems.joined(separator: "; "))")
        #expect(r.verdict == r.expectedVerdict, "\(id): verdict \(r.verdict.rawValue), expected \(r.expectedVerdict.rawValue)")
        #expect(!r.verdict.isFailure)
        #expect(Set(r.tiers) == Set(try Registry.main.claim(id).tiers))
        for c in r.controls {
            #expect(c.error == nil, "\(id) control '\(c.name)': \(c.error ?? "")")
            #expect(c.flagged, "\(id) control '\(c.name)' was not flagged: \(c.summary)")
        }
        #expect(r.passed)
    }

    @Test("Registry IDs are unique, carry their paper's prefix, and repairs name registered claims")
    func registryValid() throws {
        try Registry.main.validate()
        #expect(Set(Registry.main.ids).count == Registry.main.ids.count)
    }

    @Test("Every claim source file is registered in its paper's index, and every registered claim has its file")
    func sourceFilesRegistered() throws {
        let root = repositoryRoot()
        for paper in Registry.main.papers {
            let folder = "\(root)/Sources/Claims/\(paper.folder)"
            let files = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".swift") && $0 != "\(paper.folder)Index.swift" }
                .map { String($0.dropLast(".swift".count)) }
            let registered = Registry.main.claims.filter { $0.paper == paper }.map(\.identifier)
            #expect(Set(files) == Set(registered), "\(paper.folder): files \(files.sorted()) vs registered \(registered.sorted())")
            for id in registered {
                let text = try String(contentsOfFile: "\(folder)/\(id).swift", encoding: .utf8)
                #expect(text.contains("enum \(id) "), "\(id).swift must declare enum \(id)")
            }
        }
    }

    @Test("The committed REPORT.md, REPORT.json and claim pages are what this process renders (determinism across processes)")
    func committedReportMatches() async throws {
        var results: [ClaimResult] = []
        for id in Registry.main.ids { results.append(try await claimResult(id)) }
        let files = try OutputFiles.report(registry: .main, results: results, scale: .quick)
        let problems = OutputFiles.staleness(files, in: repositoryRoot(), folder: ReportRenderer.pagesFolder, extensions: ["md", "svg"])
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n")) — run `swift run -c release sgd-claims report`")
    }
}
