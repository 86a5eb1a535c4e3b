import Claims
import Testing

@Suite("LI-C3 Corollary 3: KL(Q_θ ‖ P) is invariant under α-scale transformations")
struct LI_C3Tests {
    @Test("invariant to rounding in Double and Float80, part by part, on instances with d̃ > 0")
    func invariance() async throws {
        let r = try await claimResult("LI-C3")
        #expect(r.verdict == .holds && r.passed)
        #expect(try #require(figure(r, "minDTilde")).value > 0)
        #expect(try #require(figure(r, "klChange[Double]")).value <= 1)
        #expect(try #require(figure(r, "partsChange")).value <= 1)
        #expect(try #require(figure(r, "dTildeChanges")).value == 0)
        // The catalog's warning, reproduced: at d̃ = 0 a tanh network's KL does not move beyond rounding.
        #expect(try #require(figure(r, "tanhAtZeroDTilde")).value < 1e-12)
        #expect(r.statement.plots.count == 1)
    }

    @Test("each dropped condition moves the KL far beyond rounding, with d̃ > 0 asserted in the control run itself")
    func controls() async throws {
        let r = try await claimResult("LI-C3")
        for name in ["prior not transformed", "tanh network", "Πα = 2", "naive bias scaling"] {
            #expect(try #require(controlFigure(r, name, "minDTilde")).value > 0, "\(name)")
            #expect(try #require(controlFigure(r, name, "klChange[Double]")).value > 1e6, "\(name)")
        }
    }
}
