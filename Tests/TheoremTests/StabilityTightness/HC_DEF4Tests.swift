import Claims
import Testing

@Suite("HC-DEF4 twin data sets")
struct HC_DEF4Tests {
    @Test("the validator classifies every candidate; a size-only validator misclassifies")
    func validator() async throws {
        let r = try await claimResult("HC-DEF4")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "misclassified")).value == 0)
        // Identical, two-index and NaN pairs pass a size-only validator: at least three misclassifications.
        #expect(try #require(controlFigure(r, "size-only validator", "misclassified")).value >= 3)
    }
}
