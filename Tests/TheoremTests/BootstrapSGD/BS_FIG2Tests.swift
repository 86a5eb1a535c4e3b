import Claims
import Testing

@Suite("BS-FIG2 SGD spends its time where Tr Σ_S^B is small")
struct BS_FIG2Tests {
    @Test("SGD at the true minimum, everyone else at the spurious one; controls fail")
    func occupancy() async throws {
        let r = try await claimResult("BS-FIG2")
        #expect(r.verdict == .empirical && r.passed)
        #expect(try #require(figure(r, "sgdTimeSpurious")).value == 0)
        #expect(abs(try #require(figure(r, "sgdMeanTrace")).value - 7.2e-4) < 1e-4)
        #expect(abs(try #require(figure(r, "meanTrace[gd]")).value - 9.4586) < 1e-3) // = Γ(θ_F)
        let constant = try #require(r.controls.first { $0.name == "data-independent noise (NoisyGD at τ_F)" })
        #expect(constant.failing.contains("sgdTimeSpurious"))
        let flat = try #require(r.controls.first { $0.name == "no gradient disagreement (ρ = 0)" })
        #expect(flat.failing.contains("traceGapMinZ") && flat.failing.contains("sgdTimeSpurious"))
    }
}
