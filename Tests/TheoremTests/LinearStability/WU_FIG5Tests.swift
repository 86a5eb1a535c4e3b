import Claims
import Testing

@Suite("WU-FIG5 CIFAR-10 figures (out of reach; substitute)")
struct WU_FIG5Tests {
    @Test("at η = 4 the bound holds at every SGD-stable minimum for both teachers; the GD-only reading fails")
    func substitute() async throws {
        let r = try await claimResult("WU-FIG5")
        #expect(r.verdict == .empirical && r.passed)
        #expect(try #require(figure(r, "eligibleMinima")).value > 0)
        #expect(try #require(figure(r, "boundViolations")).value == 0)
        for key in ["linear", "sin3"] {
            let t = try #require(figure(r, "tightness[\(key)]")).value
            #expect(t > 0 && t <= 1)
            #expect(try #require(figure(r, "meanMuMin[\(key)]")).value > 0)
        }
        #expect(try #require(controlFigure(r, "stable for GD only", "boundViolations")).value > 0)
    }
}
