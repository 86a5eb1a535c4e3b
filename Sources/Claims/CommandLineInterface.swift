import Foundation

/// The `sgd-claims` command line, as a function from arguments to output and exit status so
/// that it can be tested without spawning a process.
public enum CommandLineInterface {
    public struct Output: Equatable, Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static let usage = """
        usage: sgd-claims <command> [arguments]

          list                   every claim ID with its paper, expected verdict and title
          verify [ID ...]        run checks and negative controls (all claims when no ID is given);
                                 exit 1 unless every claim gives its expected verdict and every control is flagged
          report [--dir DIR]     write REPORT.md and REPORT.json into DIR (default: the current directory)
          check [--dir DIR]      recompute everything, compare with DIR/Baselines/claims.json, and fail if
                                 REPORT.md or REPORT.json in DIR is stale
          baseline [--dir DIR]   rewrite DIR/Baselines/claims.json from fresh results
          help                   this text

        exit status: 0 success, 1 a check or comparison failed, 2 bad usage or unknown claim ID
        """

    struct UsageError: Error { let message: String }

    /// Splits `--dir DIR` from positional arguments; rejects any other flag.
    static func parse(_ args: [String], allowPositional: Bool) throws -> (dir: String, positional: [String]) {
        var dir = FileManager.default.currentDirectoryPath
        var positional: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "--dir" {
                guard i + 1 < args.count else { throw UsageError(message: "--dir needs a directory") }
                dir = args[i + 1]
                i += 2
                continue
            }
            if a.hasPrefix("-") { throw UsageError(message: "unknown option '\(a)'") }
            guard allowPositional else { throw UsageError(message: "unexpected argument '\(a)'") }
            positional.append(a)
            i += 1
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw UsageError(message: "directory '\(dir)' does not exist")
        }
        return (dir, positional)
    }

    public static func run(_ arguments: [String]) -> Output {
        var out = Output(status: 0, stdout: "", stderr: "")
        guard let command = arguments.first else {
            out.status = 2; out.stderr = usage + "\n"; return out
        }
        let rest = Array(arguments.dropFirst())
        do {
            try ClaimRegistry.validate()
            switch command {
            case "help", "--help", "-h":
                out.stdout = usage + "\n"
            case "list":
                _ = try parse(rest, allowPositional: false)
                for c in ClaimRegistry.all {
                    out.stdout += "\(c.id)\t\(c.paper.id)\t\(c.expectedVerdict.rawValue)\t\(c.title)\n"
                }
            case "verify":
                let (_, ids) = try parse(rest, allowPositional: true)
                let claims = try ClaimRegistry.select(ids)
                let results = claims.map(ClaimRunner.run)
                for r in results { out.stdout += line(r) + "\n" }
                let failed = results.filter { !$0.passed }
                out.stdout += "\(results.count - failed.count) passed, \(failed.count) failed\n"
                if !failed.isEmpty { out.status = 1 }
            case "report":
                let (dir, _) = try parse(rest, allowPositional: false)
                let (md, json, results) = try render()
                try write(md, to: dir, ReportRenderer.reportFile)
                try write(json, to: dir, ReportRenderer.jsonFile)
                for r in results { out.stdout += line(r) + "\n" }
                out.stdout += "wrote \(ReportRenderer.reportFile) and \(ReportRenderer.jsonFile) (\(results.count) claims, \(results.filter(\.passed).count) as expected)\n"
                if results.contains(where: { !$0.passed }) { out.status = 1 }
            case "check":
                let (dir, _) = try parse(rest, allowPositional: false)
                let (md, json, results) = try render()
                var problems: [String] = results.filter { !$0.passed }.map { "\($0.id): not as expected (\(line($0)))" }
                let baselineText = try read(dir, Baseline.path)
                problems += try Baseline.decode(baselineText).differences(from: results)
                if try read(dir, ReportRenderer.reportFile) != md { problems.append("\(ReportRenderer.reportFile) is stale: run `swift run -c release sgd-claims report`") }
                if try read(dir, ReportRenderer.jsonFile) != json { problems.append("\(ReportRenderer.jsonFile) is stale: run `swift run -c release sgd-claims report`") }
                for r in results { out.stdout += line(r) + "\n" }
                if problems.isEmpty {
                    out.stdout += "check: \(results.count) claims match the baseline; report is fresh\n"
                } else {
                    out.status = 1
                    out.stderr += problems.map { "check: " + $0 }.joined(separator: "\n") + "\n"
                }
            case "baseline":
                let (dir, _) = try parse(rest, allowPositional: false)
                let results = ClaimRegistry.all.map(ClaimRunner.run)
                try FileManager.default.createDirectory(atPath: (dir as NSString).appendingPathComponent("Baselines"), withIntermediateDirectories: true)
                try write(try Baseline(results: results).encoded(), to: dir, Baseline.path)
                out.stdout += "wrote \(Baseline.path) (\(results.count) claims)\n"
            default:
                throw UsageError(message: "unknown command '\(command)'")
            }
        } catch let e as UsageError {
            out.status = 2
            out.stderr = "sgd-claims: \(e.message)\n\n" + usage + "\n"
        } catch let e as ClaimsError {
            if case .unknownClaim = e { out.status = 2 } else { out.status = 1 }
            out.stderr = "sgd-claims: \(e)\n"
        } catch {
            out.status = 1
            out.stderr = "sgd-claims: \(error)\n"
        }
        return out
    }

    /// Runs every claim and renders both report files.
    public static func render() throws -> (markdown: String, json: String, results: [ClaimResult]) {
        let results = ClaimRegistry.all.map(ClaimRunner.run)
        return (ReportRenderer.markdown(claims: ClaimRegistry.all, results: results), try ReportRenderer.json(results: results), results)
    }

    static func line(_ r: ClaimResult) -> String {
        let ctl = "\(r.controls.filter(\.flagged).count)/\(r.controls.count) controls flagged"
        let status = r.passed ? "ok" : "FAIL"
        var s = "\(status)\t\(r.id)\t\(r.verdict.rawValue)\t\(r.tier?.rawValue ?? "-")\t\(ctl)"
        if let e = r.error { s += "\terror: \(e)" }
        return s
    }

    static func write(_ text: String, to dir: String, _ name: String) throws {
        let path = (dir as NSString).appendingPathComponent(name)
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw ClaimsError.io("cannot write \(path): \(error.localizedDescription)")
        }
    }

    static func read(_ dir: String, _ name: String) throws -> String {
        let path = (dir as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClaimsError.io("cannot read \(path): run `swift run -c release sgd-claims report` (and `baseline`) first")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
