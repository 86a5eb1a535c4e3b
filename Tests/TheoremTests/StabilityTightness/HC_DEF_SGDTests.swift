import Claims
import Testing

@Suite("HC-DEF-SGD coupled SGD runs")
struct HC_DEF_SGDTests {
    @Test("coupled runs coincide until the first pick; independent streams and a biased sampler are caught")
    func coupling() async throws {
        let r = try await claimResult("HC-DEF-SGD")
        #expect(r.verdict == .definition && r.passed)
        #expect(try #require(figure(r, "deviationBeforeFirstPick")).value == 0)
        #expect(try #require(figure(r, "nonDeterministicRuns")).value == 0)
        #expect(r.controls.map(\.failing) == [["deviationBeforeFirstPick"], ["pickFrequencyZ"]])
    }

    @Test("runs on identical data would pass the coupling test: separation at the first pick is asserted")
    func separation() async throws {
        let r = try await claimResult("HC-DEF-SGD")
        let f = try #require(figure(r, "notSeparatedAtFirstPick"))
        #expect(f.exact == "0" && f.role == .conclusion)
    }
}
