import Claims
import Testing

/// Runs a registered claim and asserts the two things every theorem test must show: the check
/// gives the expected verdict at the expected tier, and every negative control is flagged.
@discardableResult
func assertClaim(_ id: String, verdict: Verdict, tier: EvidenceTier, sourceLocation: SourceLocation = #_sourceLocation) throws -> ClaimResult {
    let claim = try ClaimRegistry.claim(id)
    let result = ClaimRunner.run(claim)
    #expect(result.error == nil, "check error: \(result.error ?? "")", sourceLocation: sourceLocation)
    #expect(result.verdict == verdict, "verdict \(result.verdict.rawValue)", sourceLocation: sourceLocation)
    #expect(result.tier == tier, sourceLocation: sourceLocation)
    #expect(!result.controls.isEmpty, "a claim without a negative control cannot show that its check can fail", sourceLocation: sourceLocation)
    for c in result.controls {
        #expect(c.error == nil, "control '\(c.name)' error: \(c.error ?? "")", sourceLocation: sourceLocation)
        #expect(c.flagged, "negative control '\(c.name)' was not flagged", sourceLocation: sourceLocation)
    }
    #expect(result.passed, sourceLocation: sourceLocation)
    return result
}

func figure(_ r: ClaimResult, _ name: String) -> Figure? { r.figures.first { $0.name == name } }
