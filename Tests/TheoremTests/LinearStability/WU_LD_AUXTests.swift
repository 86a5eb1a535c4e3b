import Claims
import Testing

@Suite("WU-LD.AUX supporting lemmas of Appendix D")
struct WU_LD_AUXTests {
    @Test("D.4, D.5 by all 2¹⁰ signs; McDiarmid's corrected tail exactly; D.12 spectra; Eq. 21 by Monte Carlo")
    func cited() async throws {
        let r = try await claimResult("WU-LD.AUX")
        #expect(r.verdict == .cited && r.passed)
        #expect(try #require(figure(r, "linearSecondMomentGap")).exact == "0")
        #expect(try #require(figure(r, "lemmaD4Ratio")).value < 1)
        #expect(try #require(figure(r, "lemmaD5Ratio")).value < 1)
        // P(|S| ≥ 12) for S a sum of 20 signs: 2·(C(20,16) + … + C(20,20))/2²⁰ = 1549/131072.
        #expect(try #require(figure(r, "mcdiarmidTail")).exact == "1549/131072")
        #expect(try #require(figure(r, "lemmaD12SpectraGap")).value <= 1)
        // SIM-28: E‖K‖_F² = 0.084987 (n = 5), 0.054047 (n = 20).
        #expect(abs(try #require(figure(r, "frobeniusMean[n=5]")).value - 0.084987) <= 0.001)
        #expect(abs(try #require(figure(r, "frobeniusMean[n=20]")).value - 0.054047) <= 0.0005)
    }

    @Test("the printed McDiarmid deviation and Eq. 21 without its 1/n term fail")
    func controls() async throws {
        let r = try await claimResult("WU-LD.AUX")
        // Printed deviation √(2 ln 20·√20) = 5.18: P(|S| ≥ 6) = 2·Σ_{k≥13} C(20, k)/2²⁰ = 34495/131072 ≈ 0.263 > δ.
        #expect(try #require(controlFigure(r, "McDiarmid as printed", "mcdiarmidTail")).exact == "34495/131072")
        #expect(try #require(controlFigure(r, "Eq. 21 without the 1/n term", "eq21Z")).value > 10)
        #expect(r.controls.allSatisfy { $0.asRequired })
    }
}
