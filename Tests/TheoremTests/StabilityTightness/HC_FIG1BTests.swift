import Claims
import Constructions
import Numerics
import TestSupport
import Testing

@Suite("HC-FIG1B the Eq. 4 contractivity estimate during training")
struct HC_FIG1BTests {
    @Test("the copy-averaged mean rises across the 9 checkpoints (exact permutation p-value ≤ 0.001), from a dip after epoch 1")
    func trend() async throws {
        let r = try await claimResult("HC-FIG1B")
        #expect(r.verdict == .empirical && r.passed && r.tier == .statistical)
        #expect(figure(r, "trendPValue[eq4Mean]")?.exact == "1/5670")
        #expect(try #require(figure(r, "spearman[eq4Mean]")).value >= 0.9)
        let start = try #require(figure(r, "eq4Mean[epoch=1]")).value, end = try #require(figure(r, "eq4Mean[epoch=64]")).value
        let initial = try #require(figure(r, "eq4Mean[epoch=0]")).value
        #expect(end > start + 0.3 && initial > start) // the first epoch lowers it
        #expect(r.statement.plots.map(\.key) == ["contractivity-vs-epoch"])
    }

    @Test("control: untrained networks show no trend")
    func control() async throws {
        let r = try await claimResult("HC-FIG1B")
        let c = try #require(r.controls.first { $0.name == "no training (step 0)" })
        #expect(c.failing == ["trendPValue[eq4Mean]"])
        #expect(try #require(controlFigure(r, c.name, "trendPValue[eq4Mean]")).value > 0.01)
    }

    @Test("the permutation test: increasing series reach 1/k!, decreasing ones 1, and bad input is refused")
    func trendTest() throws {
        let up = try TrendTest.increasing([1, 2, 3, 4, 5, 6, 7, 8, 9])
        let smallest = try Rational(1, 362_880)
        #expect(up.spearman == 1)
        #expect(up.pValue == smallest)
        #expect(try TrendTest.increasing([3, 2, 1]).pValue == .one)
        // k = 4: ρ ≥ 0.8 for the identity and the three orderings one adjacent swap away: 4/24.
        #expect(try TrendTest.increasing([1, 2, 4, 3]).pValue == (try Rational(4, 24)))
        #expect(thrownKind { try TrendTest.increasing([1, 2]) } == "invalidArgument")
        #expect(thrownKind { try TrendTest.increasing([1, 2, 2]) } == "invalidArgument")
        #expect(thrownKind { try TrendTest.increasing([1, .nan, 2]) } == "nonFinite")
        #expect(thrownKind { try TrendTest.increasing(Array(repeating: 0, count: 11).enumerated().map { Double($0.offset) }) } == "invalidArgument")
    }
}
