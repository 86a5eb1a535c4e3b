import Foundation

/// The `sgd-claims` command line, as a function from arguments to output and exit status so that
/// it can be tested without spawning a process.
public enum CommandLineInterface {
    public struct Output: Equatable, Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static let usage = """
        usage: sgd-claims <command> [arguments]

          list [--paper P]              every claim: ID, paper, expected verdict, title (P: 001, BS, …)
          explain ID                    statement, hypotheses, setup, construction, controls and errata
          verify [ID ...] [--json]      run checks and controls (all claims when no ID is given) and print every
                                        figure, requirement and control outcome; exit 1 unless every claim gives
                                        its expected verdict and every negative control is flagged
          report [--dir DIR]            write REPORT.md, REPORT.json and Reports/<paper>/<ID>.md (+ plots) into DIR
          check [--dir DIR]             recompute everything; fail if a claim is not as expected, a figure drifts
                                        from Baselines/<ID>.json beyond its tolerance, or a report file is stale
          baseline [--dir DIR]          rewrite Baselines/<ID>.json from fresh results
          help                          this text

        options:
          --scale quick|full            sample counts (verify, report): quick (default) is what the tests, CI and
                                        the committed report use; full is paper-scale and `report` then writes into
                                        DIR/FullScale/, never compared with the quick baseline
          --jobs N                      claims computed concurrently (default: the number of cores)
          --quiet                       no progress line on standard error (it is shown only on a terminal)

        exit status: 0 success, 1 a check or comparison failed, 2 bad usage or an unknown claim ID
        """

    struct UsageError: Error { let message: String }

    struct Options {
        var dir = FileManager.default.currentDirectoryPath
        var scale = Scale.quick
        var jobs = ProcessInfo.processInfo.activeProcessorCount
        var json = false
        var quiet = false
        var paper: String?
        var positional: [String] = []
    }

    /// Parses the options a command allows; anything else is a usage error.
    static func parse(_ args: [String], allowed: Set<String>, positional: Bool) throws -> Options {
        var o = Options()
        var i = 0
        func value(_ flag: String) throws -> String {
            guard i + 1 < args.count, !args[i + 1].hasPrefix("--") else { throw UsageError(message: "\(flag) needs a value") }
            i += 1
            return args[i]
        }
        while i < args.count {
            let a = args[i]
            if a.hasPrefix("-") {
                guard allowed.contains(a) else { throw UsageError(message: "unknown option '\(a)' for this command") }
                switch a {
                case "--dir": o.dir = try value(a)
                case "--scale":
                    let v = try value(a)
                    guard let s = Scale(rawValue: v) else { throw UsageError(message: "--scale must be quick or full, got '\(v)'") }
                    o.scale = s
                case "--jobs":
                    let v = try value(a)
                    guard let n = Int(v), n >= 1, n <= 256 else { throw UsageError(message: "--jobs must be an integer from 1 to 256, got '\(v)'") }
                    o.jobs = n
                case "--paper": o.paper = try value(a)
                case "--json": o.json = true
                case "--quiet": o.quiet = true
                default: throw UsageError(message: "unknown option '\(a)'")
                }
            } else {
                guard positional else { throw UsageError(message: "unexpected argument '\(a)'") }
                o.positional.append(a)
            }
            i += 1
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: o.dir, isDirectory: &isDir), isDir.boolValue else {
            throw UsageError(message: "directory '\(o.dir)' does not exist")
        }
        return o
    }

    /// Runs one command. `progress` receives the progress line (the executable passes a reporter
    /// on standard error when it is a terminal and `--quiet` is absent).
    public static func run(_ arguments: [String], registry: Registry = .main, progress: ProgressReporter? = nil) async -> Output {
        var out = Output(status: 0, stdout: "", stderr: "")
        guard let command = arguments.first else {
            out.status = 2; out.stderr = usage + "\n"; return out
        }
        let rest = Array(arguments.dropFirst())
        let runFlags: Set<String> = ["--jobs", "--quiet"]
        do {
            try registry.validate()
            switch command {
            case "help", "--help", "-h":
                out.stdout = usage + "\n"
            case "list":
                let o = try parse(rest, allowed: ["--paper"], positional: false)
                let papers = try o.paper.map { [try registry.paper($0).id] } ?? registry.papers.map(\.id)
                for c in registry.claims where papers.contains(c.paper.id) {
                    out.stdout += "\(c.id)\t\(c.paper.id)\t\(c.expectedVerdict.rawValue)\t\(c.title)\n"
                }
            case "explain":
                let o = try parse(rest, allowed: [], positional: true)
                guard o.positional.count == 1 else { throw UsageError(message: "explain takes exactly one claim ID") }
                out.stdout = Explanation.text(try registry.claim(o.positional[0]), registry: registry)
            case "verify":
                let o = try parse(rest, allowed: runFlags.union(["--json", "--scale"]), positional: true)
                let claims = try registry.select(o.positional)
                let run = try await ClaimRunner.run(claims, registry: registry, scale: o.scale, jobs: o.jobs, progress: o.quiet ? nil : progress)
                if o.json {
                    out.stdout = String(decoding: try JSONEncoder.sgdClaims().encode(run.results), as: UTF8.self) + "\n"
                } else {
                    for r in run.results { out.stdout += Explanation.detail(r) }
                    out.stdout += timingTable(run, jobs: o.jobs)
                }
                let failed = run.results.filter { !$0.passed }
                if !o.json { out.stdout += "\(run.results.count - failed.count) passed, \(failed.count) failed\n" }
                if !failed.isEmpty { out.status = 1 }
            case "report":
                let o = try parse(rest, allowed: runFlags.union(["--dir", "--scale"]), positional: false)
                let run = try await ClaimRunner.run(registry.claims, registry: registry, scale: o.scale, jobs: o.jobs, progress: o.quiet ? nil : progress)
                let dir = o.scale == .full ? (o.dir as NSString).appendingPathComponent(OutputFiles.fullScaleFolder) : o.dir
                let files = try OutputFiles.report(registry: registry, results: run.results, scale: o.scale)
                try OutputFiles.write(files, to: dir, pruning: ReportRenderer.pagesFolder, extensions: ["md", "svg"])
                for r in run.results { out.stdout += line(r) + "\n" }
                out.stdout += timingTable(run, jobs: o.jobs)
                out.stdout += "wrote \(files.count) files into \(dir) (\(run.results.count) claims, \(run.results.filter(\.passed).count) as expected)\n"
                if run.results.contains(where: { !$0.passed }) { out.status = 1 }
            case "check":
                let o = try parse(rest, allowed: runFlags.union(["--dir"]), positional: false)
                let run = try await ClaimRunner.run(registry.claims, registry: registry, scale: .quick, jobs: o.jobs, progress: o.quiet ? nil : progress)
                let problems = try checkProblems(run.results, registry: registry, dir: o.dir)
                for r in run.results { out.stdout += line(r) + "\n" }
                out.stdout += timingTable(run, jobs: o.jobs)
                if problems.isEmpty {
                    out.stdout += "check: \(run.results.count) claims as expected and within their baselines; report is fresh\n"
                } else {
                    out.status = 1
                    out.stderr += problems.map { "check: " + $0 }.joined(separator: "\n") + "\n"
                }
            case "baseline":
                let o = try parse(rest, allowed: runFlags.union(["--dir"]), positional: false)
                let run = try await ClaimRunner.run(registry.claims, registry: registry, scale: .quick, jobs: o.jobs, progress: o.quiet ? nil : progress)
                let files = try OutputFiles.baselines(results: run.results)
                try OutputFiles.write(files, to: o.dir, pruning: ClaimBaseline.folder, extensions: ["json"])
                out.stdout += "wrote \(files.count) baselines into \((o.dir as NSString).appendingPathComponent(ClaimBaseline.folder))\n"
                let failed = run.results.filter { !$0.passed }
                if !failed.isEmpty {
                    out.status = 1
                    out.stderr += failed.map { "baseline: \($0.id) is not as expected; its baseline records that state: " + $0.problems.joined(separator: "; ") }.joined(separator: "\n") + "\n"
                }
            default:
                throw UsageError(message: "unknown command '\(command)'")
            }
        } catch let e as UsageError {
            out.status = 2
            out.stderr = "sgd-claims: \(e.message)\n\n" + usage + "\n"
        } catch let e as ClaimsError {
            switch e {
            case .unknownClaim, .unknownPaper: out.status = 2
            default: out.status = 1
            }
            out.stderr = "sgd-claims: \(e)\n"
        } catch {
            out.status = 1
            out.stderr = "sgd-claims: \(error)\n"
        }
        return out
    }

    /// Everything `check` objects to, one line each, naming the claim.
    static func checkProblems(_ results: [ClaimResult], registry: Registry, dir: String) throws -> [String] {
        var problems = results.filter { !$0.passed }.map { "\($0.id): not as expected: " + $0.problems.joined(separator: "; ") }
        for r in results {
            let path = (dir as NSString).appendingPathComponent(ClaimBaseline.path(r.id))
            guard let data = FileManager.default.contents(atPath: path) else {
                problems.append("\(r.id): no baseline at \(ClaimBaseline.path(r.id)) (run `swift run -c release sgd-claims baseline`)")
                continue
            }
            problems += try ClaimBaseline.decode(String(decoding: data, as: UTF8.self), path: ClaimBaseline.path(r.id)).differences(from: r)
        }
        let wanted = Set(results.map { ClaimBaseline.path($0.id) })
        for extra in OutputFiles.existing(in: dir, folder: ClaimBaseline.folder, extensions: ["json"]) where !wanted.contains(extra) {
            problems.append("\(extra) belongs to no registered claim: remove it (or run `sgd-claims baseline`)")
        }
        let files = try OutputFiles.report(registry: registry, results: results, scale: .quick)
        problems += OutputFiles.staleness(files, in: dir, folder: ReportRenderer.pagesFolder, extensions: ["md", "svg"])
        return problems
    }

    static func line(_ r: ClaimResult) -> String {
        let ctl = "\(r.controls.filter(\.asRequired).count)/\(r.controls.count) controls flagged"
        return "\(r.passed ? "ok" : "FAIL")\t\(r.id)\t\(r.verdict.rawValue)\t\(r.tier?.rawValue ?? "-")\t\(ctl)"
    }

    /// Per-claim runtime, slowest first. Printed, never written into a committed file.
    static func timingTable(_ run: ClaimRunner.Output, jobs: Int) -> String {
        var s = "runtime per claim, slowest first (\(run.seconds.count) claims, \(jobs) jobs, wall " + String(format: "%.2f", run.wallSeconds) + " s):\n"
        for (id, t) in run.seconds.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            s += "  " + id.padding(toLength: 16, withPad: " ", startingAt: 0) + String(format: "%8.3f s", t) + "\n"
        }
        return s
    }
}
