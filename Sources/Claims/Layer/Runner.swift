import Foundation

/// A claim's runs before verdicts are derived, and how long they took (never written into the
/// committed outputs, which must stay byte-identical).
struct RawClaimRun: Sendable {
    let statement: StatementRun
    let inlineRepair: StatementRun?
    let seconds: Double
}

extension Claim {
    /// Runs the statement and an inline repair; with `parallel`, their checks and controls run
    /// concurrently.
    func runRaw(_ scale: Scale, parallel: Bool) async -> RawClaimRun {
        let clock = ContinuousClock()
        let start = clock.now
        var r: StatementRun?
        let s: StatementRun
        if case .inline(let a)? = repair?.target, parallel {
            async let repairRun = a.evaluate(scale, true)
            s = await statement.evaluate(scale, true)
            r = await repairRun
        } else {
            s = await statement.evaluate(scale, parallel)
            if case .inline(let a)? = repair?.target { r = await a.evaluate(scale, false) }
        }
        let d = clock.now - start
        return RawClaimRun(statement: s, inlineRepair: r,
                           seconds: Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
    }
}

/// Computes each claim at most once and resolves repairs that are claims of their own. Shared by
/// the command line (through `ClaimRunner`) and the tests, which ask for one ID at a time from
/// many parallel tests and still compute every claim once per run.
public actor ClaimEvaluator {
    public let registry: Registry
    public let scale: Scale
    /// Whether a claim's check, controls and repair run concurrently (false: strictly one at a time).
    public let parallel: Bool
    private var raw: [String: Task<RawClaimRun, Never>] = [:]
    private var resolved: [String: ClaimResult] = [:]
    private var finished: [String: Double] = [:]
    private var validated = false

    public init(registry: Registry, scale: Scale = .quick, parallel: Bool = true) {
        self.registry = registry
        self.scale = scale
        self.parallel = parallel
    }

    /// The result of one claim; throws `ClaimsError.unknownClaim` for an unregistered ID and the
    /// registry's own error when it is invalid (duplicate IDs, a cycle of repairs, …).
    public func result(for id: String) async throws -> ClaimResult {
        if !validated { try registry.validate(); validated = true }
        return try await resolve(id, chain: [])
    }

    /// Seconds spent on each claim that has finished (never waits for one still running).
    public func timings() -> [String: Double] { finished }

    private func rawRun(_ claim: Claim) async -> RawClaimRun {
        if let t = raw[claim.id] { return await t.value }
        let scale = self.scale, parallel = self.parallel
        let t = Task.detached { await claim.runRaw(scale, parallel: parallel) }
        raw[claim.id] = t
        let run = await t.value
        finished[claim.id] = run.seconds
        return run
    }

    private func resolve(_ id: String, chain: [String]) async throws -> ClaimResult {
        if let r = resolved[id] { return r }
        let claim = try registry.claim(id)
        let run = await rawRun(claim)
        let role = VerdictRules.repairRole(for: claim.expectedVerdict)
        var repair: ClaimAssembly.RepairOutcome?
        switch claim.repair?.target {
        case .inline(let statement)?:
            if let r = run.inlineRepair { repair = ClaimAssembly.repairOutcome(inline: r, statement: statement, role: role) }
        case .registered(let other)?:
            if chain.contains(other) || other == id {
                repair = ClaimAssembly.RepairOutcome(
                    result: RepairResult(role: role, claimID: other, verdict: .error, statement: nil), controls: [], sanityControls: [],
                    problems: ["repairs form a cycle: " + (chain + [id, other]).joined(separator: " → ")])
            } else {
                repair = ClaimAssembly.repairOutcome(registered: try await resolve(other, chain: chain + [id]), role: role)
            }
        case nil:
            break
        }
        let r = ClaimAssembly.assemble(claim, run.statement, repair: repair)
        resolved[id] = r
        return r
    }
}

/// Runs many claims concurrently (at most `jobs` at a time; within a claim its check and controls
/// run concurrently too unless `jobs` is 1) and returns results in registry order, so the output is
/// byte-identical whatever the number of cores.
public enum ClaimRunner {
    public struct Output: Sendable {
        public let results: [ClaimResult]
        /// Seconds per claim ID, including repairs computed on the way.
        public let seconds: [String: Double]
        public let wallSeconds: Double
    }

    public static func run(_ claims: [Claim], registry: Registry, scale: Scale = .quick,
                           jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                           progress: ProgressReporter? = nil) async throws -> Output {
        // --jobs 1 means strictly serial: one claim at a time, its controls one after another.
        let evaluator = ClaimEvaluator(registry: registry, scale: scale, parallel: jobs > 1)
        let clock = ContinuousClock()
        let start = clock.now
        var results = [ClaimResult?](repeating: nil, count: claims.count)
        let width = max(1, jobs)
        try await withThrowingTaskGroup(of: (Int, ClaimResult).self) { group in
            var next = 0
            while next < min(width, claims.count) {
                let i = next, id = claims[i].id
                group.addTask { (i, try await evaluator.result(for: id)) }
                next += 1
            }
            var done = 0
            while let (i, r) = try await group.next() {
                results[i] = r
                done += 1
                progress?.update(done: done, total: claims.count, elapsed: seconds(clock.now - start),
                                 timings: await evaluator.timings())
                if next < claims.count {
                    let j = next, id = claims[j].id
                    group.addTask { (j, try await evaluator.result(for: id)) }
                    next += 1
                }
            }
        }
        progress?.finish()
        return Output(results: results.compactMap { $0 }, seconds: await evaluator.timings(), wallSeconds: seconds(clock.now - start))
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
}

/// Progress of a long run on standard error: claims done / total, elapsed time, and the slowest
/// claim so far. Used only when standard error is a terminal and `--quiet` was not given.
public final class ProgressReporter: @unchecked Sendable {
    private let write: @Sendable (String) -> Void
    private var printed = false

    public init(write: @escaping @Sendable (String) -> Void) { self.write = write }

    /// A reporter on standard error, or nil when it is not a terminal.
    public static func standardErrorIfTerminal() -> ProgressReporter? {
        guard isatty(2) == 1 else { return nil }
        return ProgressReporter { s in FileHandle.standardError.write(Data(s.utf8)) }
    }

    func update(done: Int, total: Int, elapsed: Double, timings: [String: Double]) {
        let slowest = timings.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
        let tail = slowest.map { "; slowest so far \($0.key) (" + String(format: "%.1f", $0.value) + " s)" } ?? ""
        write(String(format: "\r\u{1B}[K[%d/%d claims] %.1f s elapsed", done, total, elapsed) + tail)
        printed = true
    }

    func finish() { if printed { write("\n") } }
}
