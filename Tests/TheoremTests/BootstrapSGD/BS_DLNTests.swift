import Claims
import Testing

@Suite("BS-DLN regularizers help; the optimal ratio 0.5 is not reproduced")
struct BS_DLNTests {
    @Test("every family beats plain SGD; r = 1/2 beats Reg1 alone; Reg2 alone is best")
    func families() async throws {
        let r = try await claimResult("BS-DLN")
        #expect(r.verdict == .empirical && r.passed)
        let plain = try #require(figure(r, "meanTest[plain]")).value
        let m0 = try #require(figure(r, "meanTest[r=0]")).value, mHalf = try #require(figure(r, "meanTest[r=1/2]")).value
        let mInf = try #require(figure(r, "meanTest[r=inf]")).value
        #expect(plain / mHalf > 3) // the regularizers cut test loss by a large factor
        #expect(m0 < mHalf && mHalf < mInf) // monotone in the Reg2 share: not "optimal at 0.5"
        #expect(figure(r, "failedRuns")?.exact == "0")
        #expect(try #require(figure(r, "wilcoxonP[r=0,vs,r=1/2]")).value < 0.01)
    }

    @Test("report text: no stray indentation in the errata, and the grid caption states only what its seeds show")
    func text() async throws {
        let r = try await claimResult("BS-DLN")
        let claim = try Registry.main.claim("BS-DLN")
        for e in claim.errata { #expect(!e.contains("   "), "errata with a run of spaces: \(e)") }
        let caption = try #require(r.statement.plots.first { $0.key == "lambda-grid" }).caption
        #expect(!caption.contains("At every Λ"))
        #expect(caption.contains("holds at"))
    }

    @Test("with the regularizers off every comparison fails")
    func control() async throws {
        let r = try await claimResult("BS-DLN")
        let c = try #require(r.controls.first)
        #expect(c.failing.contains("wilcoxonP[r=1/2,vs,r=inf]") && c.failing.contains("wins[r=0,vs,plain]"))
        #expect(controlFigure(r, c.name, "wins[r=1/2,vs,plain]")?.exact == "0")
    }
}
