import Claims
import Testing

@Suite("BS-SMITH cited: Γ term under reshuffling with (N − B)/(N − 1), none with replacement")
struct BS_SMITHTests {
    @Test("exact O(ε²) match with the scheme's coefficient; the catalog's constants")
    func expansion() async throws {
        let r = try await claimResult("BS-SMITH")
        #expect(r.verdict == .cited && r.passed)
        #expect(figure(r, "gamma")?.exact == "23595/32768")
        #expect(figure(r, "gradGamma[k=1]")?.exact == "8303/4096")
        #expect(figure(r, "gradGamma[k=2]")?.exact == "-5701/4096")
        #expect(figure(r, "maxResidual")?.exact == "0")
        #expect(figure(r, "gammaCoefficient[reshuffling,B=2]")?.exact == "2/3")
    }

    @Test("the source's pairing and the missing finite-population factor leave the catalog's ε² residuals")
    func controls() async throws {
        let r = try await claimResult("BS-SMITH")
        let pairing = "the source's pairing (Γ term under sampling with replacement)"
        #expect(controlFigure(r, pairing, "residualEps2[withReplacement,B=1][k=1]")?.exact == "8303/4096")
        #expect(controlFigure(r, pairing, "residualEps2[withReplacement,B=1][k=2]")?.exact == "-5701/4096")
        #expect(controlFigure(r, pairing, "residualEps2[withReplacement,B=2][k=1]")?.exact == "8303/24576")
        let factor = "no finite-population factor"
        #expect(controlFigure(r, factor, "residualEps2[reshuffling,B=2][k=1]")?.exact == "8303/49152")
        #expect(controlFigure(r, factor, "residualEps2[reshuffling,B=2][k=2]")?.exact == "-5701/49152")
        for c in r.controls { #expect(c.failing == ["maxResidual"]) }
    }
}
