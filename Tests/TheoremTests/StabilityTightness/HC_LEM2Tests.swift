import Claims
import Testing

@Suite("HC-LEM2 the unrolled divergence formula holds with equality")
struct HC_LEM2Tests {
    @Test("E‖Δ_T‖ equals the corrected formula on every case; the catalog's 0.7549491882 and the printed 0.63990614")
    func equality() async throws {
        let r = try await claimResult("HC-LEM2")
        #expect(r.verdict == .holds && r.passed)
        #expect(figure(r, "minRatioToFormula")?.exact == "1" && figure(r, "maxRatioToFormula")?.exact == "1")
        #expect(figure(r, "expectedDivergence[case=1]")?.exact == "989527/1310720")
        #expect(controlFigure(r, "the printed formula", "formula[case=1]")?.exact == "26839609/41943040") // 0.63990614
        #expect(r.controls.first?.failing == ["minRatioToFormula", "maxRatioToFormula"])
    }
}
