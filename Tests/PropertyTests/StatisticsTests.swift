import Numerics
import TestSupport
import Testing

@Suite("Statistics")
struct StatisticsTests {
    @Test("Welford agrees with the two-pass formula on data with a large offset")
    func welford() throws {
        var g = SeededGenerator(seed: 3)
        let xs = (0..<5000).map { _ in 1e9 + g.normal() }
        var w = Welford<Double>()
        for x in xs { try w.add(x) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let twoPass = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        // Both are backward stable; relative agreement within n·ε·(|offset|/σ)² is far looser
        // than needed, so use the tighter n·ε·|offset|/σ (first-order error of the mean update).
        #expect(abs(try w.variance() - twoPass) <= Double(xs.count) * Double.ulpOfOne * 1e9 * twoPass)
        #expect(abs(w.mean - mean) <= Double(xs.count) * Double.ulpOfOne * 1e9)
        #expect(thrownKind { try Welford<Double>().variance() } == "invalidArgument")
        var bad = Welford<Double>()
        #expect(thrownKind { try bad.add(.nan) } == "nonFinite")
    }

    @Test("Normal quantiles and CDF")
    func quantiles() throws {
        // Φ⁻¹(0.975) = 1.959963984540054…; bisection resolves to adjacent Doubles, and erfc is
        // accurate to a few ulps, so 1e-13 absolute is a safe bound.
        #expect(abs(try Statistics.normalQuantile(0.975) - 1.959963984540054) <= 1e-13)
        #expect(abs(try Statistics.normalQuantile(0.5)) <= 1e-15)
        for p in [1e-10, 0.01, 0.3, 0.9, 1 - 1e-10] {
            let q = try Statistics.normalQuantile(p)
            #expect(abs(Statistics.normalCDF(q) - p) <= 1e-14 * max(1, p / (1 - p)))
        }
        for bad in [0.0, 1.0, -0.1, .nan] { #expect(thrownKind { try Statistics.normalQuantile(bad) } == "invalidArgument") }
    }

    @Test("95% normal intervals cover the true mean at the nominal rate (2 000 replications)")
    func coverage() throws {
        // Coverage of a 95% z-interval from n = 50 normal draws is ≈ 0.95 (slightly below, since
        // the t quantile would be 2.01). Binomial SE over 2 000 replications is 0.0049; accept
        // [0.925, 0.965], ≥ 3σ either side of the nominal 0.95 less its known t-vs-z deficit.
        var g = SeededGenerator(seed: 11)
        var covered = 0
        for _ in 0..<2000 {
            var w = Welford<Double>()
            for _ in 0..<50 { try w.add(2 + g.normal()) }
            let ci = try Statistics.confidenceInterval(mean: w.mean, standardError: try w.standardError(), level: 0.95)
            if ci.contains(2) { covered += 1 }
        }
        let rate = Double(covered) / 2000
        #expect(rate >= 0.925 && rate <= 0.965, "coverage \(rate)")
        #expect(thrownKind { try Statistics.confidenceInterval(mean: 0, standardError: 1, level: 1.5) } == "invalidArgument")
        #expect(thrownKind { try Statistics.confidenceInterval(mean: .nan, standardError: 1, level: 0.9) } == "nonFinite")
    }

    @Test("Sample quantiles (type 7)")
    func sampleQuantiles() throws {
        let xs = [4.0, 1, 3, 2, 5]
        #expect(try Statistics.quantile(xs, 0) == 1)
        #expect(try Statistics.quantile(xs, 1) == 5)
        #expect(try Statistics.quantile(xs, 0.5) == 3)
        #expect(try Statistics.quantile(xs, 0.125) == 1.5)
        #expect(thrownKind { try Statistics.quantile([], 0.5) } == "empty")
        #expect(thrownKind { try Statistics.quantile(xs, 1.5) } == "invalidArgument")
        #expect(thrownKind { try Statistics.quantile([1, .infinity], 0.5) } == "nonFinite")
    }

    @Test("Least-squares line: exact on a line, slope within 4 SE under noise")
    func lineFit() throws {
        let x = (0..<10).map(Double.init)
        let exact = try Statistics.linearFit(x: x, y: x.map { 2 * $0 + 1 })
        #expect(exact.slope == 2 && exact.intercept == 1 && exact.slopeStandardError == 0)
        var g = SeededGenerator(seed: 8)
        let xs = (0..<200).map { Double($0) / 20 }
        let fit = try Statistics.linearFit(x: xs, y: xs.map { -0.5 * $0 + 3 + 0.1 * g.normal() })
        // 4 SE two-sided: a correct fit fails with probability 6e-5 (fixed seed: deterministic).
        #expect(abs(fit.slope + 0.5) <= 4 * fit.slopeStandardError)
        #expect(abs(fit.intercept - 3) <= 4 * fit.interceptStandardError)
        #expect(thrownKind { try Statistics.linearFit(x: [1, 2], y: [1, 2]) } == "invalidArgument")
        #expect(thrownKind { try Statistics.linearFit(x: [1, 1, 1], y: [1, 2, 3]) } == "invalidArgument")
        #expect(thrownKind { try Statistics.linearFit(x: [1, 2, 3], y: [1, 2]) } == "dimensionMismatch")
    }
}
