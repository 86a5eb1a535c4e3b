import Claims
import Testing

@Suite("LI-D1 Definition 1: the α-scale map and biases")
struct LI_D1Tests {
    @Test("the printed map (literal and weights-only readings) changes networks with biases; Πα = 1 holds to rounding")
    func refutation() async throws {
        let r = try await claimResult("LI-D1")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(try #require(figure(r, "alphaProduct")).value <= 4 * Double.ulpOfOne)
        #expect(try #require(figure(r, "functionChange")).value > 1e6)
        #expect(try #require(figure(r, "functionChange[weightsOnly]")).value > 1e6)
    }

    @Test("the repaired map (biases by α_1⋯α_l) preserves the function to rounding; tanh and Πα = 2 break it")
    func repair() async throws {
        let r = try await claimResult("LI-D1")
        #expect(r.repair?.verdict == .holds)
        let repair = try #require(r.repair?.statement)
        #expect(try #require(repair.figures.first { $0.key == "functionChange[Double]" }).value <= 1)
        let repairControls = r.controls.filter { $0.appliesTo == "repair" }
        #expect(repairControls.count == 2 && repairControls.allSatisfy(\.flagged))
    }
}
