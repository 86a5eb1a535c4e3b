import Claims
import Testing

@Suite("LI-FISH: Fisher identity under the model's own labels")
struct LI_FISHTests {
    @Test("the statement holds with its derived tolerances")
    func holds() async throws {
        let r = try await claimResult("LI-FISH")
        #expect(r.passed)
        #expect(try #require(figure(r, "fisherResidual")).value <= 1)
        #expect(try #require(figure(r, "scoreMean")).value <= 1)
    }

    @Test("every control is flagged, by far more than rounding")
    func controls() async throws {
        let r = try await claimResult("LI-FISH")
        #expect(r.controls.allSatisfy { $0.flagged })
        #expect(try #require(controlFigure(r, "labels from another θ", "fisherResidual")).value > 1000.0)
        #expect(try #require(controlFigure(r, "squared error on the softmax", "fisherResidual")).value > 1000.0)
    }
}
