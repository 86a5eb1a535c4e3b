import Foundation

/// A generated file: its path relative to the output directory, its text, and the claim it
/// belongs to (nil for the summary and REPORT.json), so that `check` can name the claim.
public struct OutputFile: Equatable, Sendable {
    public let path: String
    public let content: String
    public let claimID: String?
}

/// The complete set of generated files, and how to write and verify them on disk.
public enum OutputFiles {
    /// Where `report --scale full` writes (inside the chosen directory); never compared with the
    /// quick baseline.
    public static let fullScaleFolder = "FullScale"

    /// REPORT.md, REPORT.json, one page per claim and every plot.
    public static func report(registry: Registry, results: [ClaimResult], scale: Scale) throws -> [OutputFile] {
        var files = [
            OutputFile(path: ReportRenderer.summaryFile, content: ReportRenderer.summary(registry: registry, results: results, scale: scale), claimID: nil),
            OutputFile(path: ReportRenderer.jsonFile, content: try ReportRenderer.json(results: results, scale: scale), claimID: nil),
        ]
        for r in results {
            let claim = try registry.claim(r.id)
            let page = ReportRenderer.pagePath(r)
            files.append(OutputFile(path: page, content: ReportRenderer.page(claim, r), claimID: r.id))
            let dir = (page as NSString).deletingLastPathComponent
            for p in r.statement.plots {
                files.append(OutputFile(path: dir + "/" + ReportRenderer.plotFile(r.id, p.key), content: p.svg, claimID: r.id))
            }
            for p in r.repair?.statement?.plots ?? [] {
                files.append(OutputFile(path: dir + "/" + ReportRenderer.plotFile(r.id, p.key, repair: true), content: p.svg, claimID: r.id))
            }
        }
        return files
    }

    /// Baselines/<ID>.json for every result.
    public static func baselines(results: [ClaimResult]) throws -> [OutputFile] {
        try results.map { OutputFile(path: ClaimBaseline.path($0.id), content: try ClaimBaseline(result: $0).encoded(), claimID: $0.id) }
    }

    /// Writes the files under `dir` and removes generated files of the same kind (`.md`/`.svg`
    /// under Reports/, `.json` under Baselines/) that the current code no longer produces.
    public static func write(_ files: [OutputFile], to dir: String, pruning folder: String, extensions: Set<String>) throws {
        let fm = FileManager.default
        for f in files {
            let path = (dir as NSString).appendingPathComponent(f.path)
            do {
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try f.content.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw ClaimsError.io("cannot write \(path): \(error.localizedDescription)")
            }
        }
        let wanted = Set(files.map(\.path))
        for extra in existing(in: dir, folder: folder, extensions: extensions) where !wanted.contains(extra) {
            try? fm.removeItem(atPath: (dir as NSString).appendingPathComponent(extra))
        }
    }

    /// Paths (relative to `dir`) of files under `folder` with one of the extensions, sorted.
    static func existing(in dir: String, folder: String, extensions: Set<String>) -> [String] {
        let root = (dir as NSString).appendingPathComponent(folder)
        guard let e = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let rel = e.nextObject() as? String {
            if extensions.contains((rel as NSString).pathExtension) { out.append(folder + "/" + rel) }
        }
        return out.sorted()
    }

    /// One line per file that is missing, differs from what the code produces, or is produced by
    /// nothing any more; each line names the claim when there is one.
    public static func staleness(_ files: [OutputFile], in dir: String, folder: String, extensions: Set<String>) -> [String] {
        var problems: [String] = []
        for f in files {
            let path = (dir as NSString).appendingPathComponent(f.path)
            let who = f.claimID.map { " (\($0))" } ?? ""
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append("\(f.path)\(who) is missing: run `swift run -c release sgd-claims report`")
                continue
            }
            if data != Data(f.content.utf8) { // bytes, not String equality (which ignores Unicode normalisation)
                problems.append("\(f.path)\(who) is stale: run `swift run -c release sgd-claims report`")
            }
        }
        let wanted = Set(files.map(\.path))
        for extra in existing(in: dir, folder: folder, extensions: extensions) where !wanted.contains(extra) {
            problems.append("\(extra) is not produced by the current code: remove it (or run `sgd-claims report`)")
        }
        return problems
    }
}
