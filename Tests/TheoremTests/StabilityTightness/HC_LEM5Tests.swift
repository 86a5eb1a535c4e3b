import Claims
import Testing

@Suite("HC-LEM5 bullet 3 lacks 1/β; the corrected bullet holds")
struct HC_LEM5Tests {
    @Test("23× too small at β = 0.01; the corrected sum form is attained exactly and 0.99·L fails")
    func refuted() async throws {
        let r = try await claimResult("HC-LEM5")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(abs(try #require(figure(r, "maxRatioToBound")).value - 23.28) < 0.01)
        #expect(r.repair?.verdict == .holds)
        #expect(r.repair?.statement?.figures.first { $0.key == "equalityDeviation" }?.exact == "0")
    }
}
