import Claims
import Testing

@Suite("HC-DEF3 γ-strong convexity")
struct HC_DEF3Tests {
    @Test("γ = λ_min passes with gap ≥ 0 (attained 0); γ > λ_min and HC-T1's null direction fail")
    func strongConvexity() async throws {
        let r = try await claimResult("HC-DEF3")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "minGap")).value == 0)
        #expect(try #require(figure(r, "nullSpaceGap")).value == -0.005)
        #expect(r.controls.first?.failing == ["minGap"])
    }

    @Test("the gap is computed from f and ∇f and the closed form is checked against it, not assumed")
    func identityChecked() async throws {
        let r = try await claimResult("HC-DEF3")
        let f = try #require(figure(r, "identityMismatches"))
        #expect(f.exact == "0" && f.role == .conclusion)
    }
}
