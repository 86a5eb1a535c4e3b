import Claims
import Testing

@Suite("HC-H-CVX the cited convex upper bound, consistent and attained")
struct HC_H_CVXTests {
    @Test("HC-T1 sits 6 times below (2L/n)Σα_t; the linear loss attains it; the misquoted form without 2 is violated")
    func cited() async throws {
        let r = try await claimResult("HC-H-CVX")
        #expect(r.verdict == .cited && r.passed)
        #expect(figure(r, "ratio[HC-T1]")?.exact == "1/6" && figure(r, "ratio[HC-T1-LIN]")?.exact == "1")
        #expect(controlFigure(r, "the paper's quotation without the factor 2", "maxRatioToBound")?.exact == "2")
    }
}
