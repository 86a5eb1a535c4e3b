import Numerics

/// The outcome of one negative control, as stored in REPORT.json.
public struct ControlResult: Codable, Equatable, Sendable {
    public let name: String
    public let description: String
    public let flagged: Bool
    public let summary: String
    public let figures: [Figure]
    public let error: String?
}

/// The outcome of running one claim: its check and all its negative controls.
public struct ClaimResult: Codable, Equatable, Sendable {
    public let id: String
    public let paperID: String
    public let verdict: Verdict
    public let expectedVerdict: Verdict
    public let tier: EvidenceTier?
    public let summary: String
    public let figures: [Figure]
    public let controls: [ControlResult]
    public let error: String?

    /// The check gave the expected verdict and every negative control was flagged.
    public var passed: Bool {
        error == nil && verdict == expectedVerdict && !controls.isEmpty && controls.allSatisfy { $0.flagged && $0.error == nil }
    }
}

public enum ClaimRunner {
    /// Runs the check and every negative control. Errors are captured, never rethrown, so one
    /// broken claim cannot hide the others; its verdict is then ERROR.
    public static func run(_ claim: Claim) -> ClaimResult {
        let controls = claim.controls.map { control -> ControlResult in
            do {
                let o = try control.run()
                return ControlResult(name: control.name, description: control.description, flagged: o.flagged,
                                     summary: o.summary, figures: o.figures, error: nil)
            } catch {
                return ControlResult(name: control.name, description: control.description, flagged: false,
                                     summary: "the control could not be run", figures: [], error: "\(error)")
            }
        }
        do {
            let o = try claim.check()
            return ClaimResult(id: claim.id, paperID: claim.paper.id, verdict: o.verdict, expectedVerdict: claim.expectedVerdict,
                               tier: o.tier, summary: o.summary, figures: o.figures, controls: controls, error: nil)
        } catch {
            return ClaimResult(id: claim.id, paperID: claim.paper.id, verdict: .error, expectedVerdict: claim.expectedVerdict,
                               tier: nil, summary: "the check could not be run", figures: [], controls: controls, error: "\(error)")
        }
    }
}
