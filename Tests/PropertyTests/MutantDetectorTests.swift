import Numerics
import TestSupport
import Testing

/// Issue class 7 (hostile type 12): tests that can see a bug. Each test names the plausible
/// wrong implementation (the mutant) that it is built to kill; the older tests passed with it.
/// Pinned values come from an independent arbitrary-precision re-implementation of splitmix64,
/// xoshiro256** and Lemire's multiply-and-reject (a few lines of Python), as for the pinned stream.
@Suite("Hostile type 12: mutant detectors")
struct MutantDetectorTests {
    @Test("int(below:) near 2^63 is pinned for a seed (kills: plain modulo, biased multiply-shift)")
    func boundedIntegerPinned() throws {
        var g = SeededGenerator(seed: 99)
        let bound = 7_378_697_629_483_820_646 // ⌊0.4·2^64⌋
        let drawn = try (0..<6).map { _ in try g.int(below: bound) }
        #expect(drawn == [2_790_730_880_905_801_498, 5_799_301_760_040_887_815, 2_050_316_385_880_270_961,
                          432_784_278_303_101_152, 6_242_885_356_213_095_781, 4_310_239_445_075_659_563],
                "\(HostileType.mutantDetector) seed 99: \(drawn)")
        var h = SeededGenerator(seed: 99)
        let top = try (0..<3).map { _ in try h.int(below: Int.max) }
        #expect(top == [3_216_225_398_495_147_353, 5_201_982_056_957_756_222, 3_488_413_601_132_251_873], "seed 99 Int.max: \(top)")
    }

    @Test("int(below: 0.4·2^64) is unbiased: half the draws fall below bound/2 (kills: plain modulo gives 60%)")
    func boundedIntegerUnbiased() throws {
        // With x mod b for b = 0.4·2^64, residues below 0.2·2^64 have three preimages and the rest
        // two, so P(result < b/2) = 0.6. A correct generator gives 0.5; over 20 000 draws the
        // standard error is 0.0035, and 5σ = 0.018 separates the two by a factor of 5.
        var g = SeededGenerator(seed: 4242)
        let bound = 7_378_697_629_483_820_646
        let n = 20_000
        var below = 0
        for _ in 0..<n where try g.int(below: bound) < bound / 2 { below += 1 }
        let fraction = Double(below) / Double(n)
        #expect(abs(fraction - 0.5) <= 5 * (0.25 / Double(n)).squareRoot(), "seed 4242: fraction \(fraction)")
    }

    @Test("uniform() is pinned and covers [0, 1), not half of it (kills: one bit too many shifted out)")
    func uniformCoversRange() throws {
        var g = SeededGenerator(seed: 7)
        let pinned = (0..<4).map { _ in g.uniform() }
        #expect(pinned == [0.7005764821796896, 0.2787512294737843, 0.8396274618764198, 0.9810977250149351], "seed 7: \(pinned)")
        // The generic path must be the same 53-bit draw for Double.
        var a = SeededGenerator(seed: 8), b = SeededGenerator(seed: 8)
        for _ in 0..<100 { #expect(a.uniform() == b.uniform(Double.self)) }
        // Coverage: mean 1/2 within 5 standard errors (σ² = 1/12), and both halves occupied.
        var h = SeededGenerator(seed: 2025)
        let n = 20_000
        var sum = 0.0, upper = 0, top = 0.0
        for _ in 0..<n { let u = h.uniform(); sum += u; if u >= 0.5 { upper += 1 }; top = max(top, u) }
        #expect(abs(sum / Double(n) - 0.5) <= 5 * (1.0 / 12 / Double(n)).squareRoot(), "seed 2025 mean \(sum / Double(n))")
        #expect(abs(Double(upper) / Double(n) - 0.5) <= 5 * (0.25 / Double(n)).squareRoot(), "seed 2025 upper half \(upper)")
        #expect(top > 0.999, "seed 2025 max \(top)")
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        // Float80: all 64 bits of the draw, k·2^-64 (first output of seed 7: 12923355070828475994).
        var x = SeededGenerator(seed: 7)
        #expect(x.uniform(Float80.self) == Float80(12_923_355_070_828_475_994 as UInt64) * 0x1p-64)
        #endif
    }

    @Test("Welford variance uses 1/(n − 1) (kills: 1/n), pinned on exact data with a non-unit scale")
    func varianceDenominator() throws {
        var w = Welford<Double>()
        for x in [3.0, 6, 9, 12] { try w.add(x) } // mean 7.5, Σ(x − x̄)² = 45
        #expect(w.mean == 7.5)
        #expect(abs(try w.variance() - 15) <= 2 * Double.ulpOfOne * 15) // 45/3, not 45/4
        #expect(abs(try w.standardError() - (15.0 / 4).squareRoot()) <= 2 * Double.ulpOfOne * 2)
        var two = Welford<Double>()
        try two.add(-1); try two.add(5) // variance 18, not 9
        #expect(try two.variance() == 18)
        #expect(thrownKind { var one = Welford<Double>(); try one.add(1); return try one.variance() } == "invalidArgument")
    }

    @Test("Type 7 quantiles on unevenly spaced data are pinned (kills: interpolation towards the wrong neighbour)")
    func quantileInterpolation() throws {
        // Sorted: 1, 2, 10, 100, 1000. h = 4p; the slopes between neighbours differ by 10×, so
        // taking the gap from the wrong pair of order statistics changes every answer.
        let xs = [100.0, 1, 1000, 10, 2]
        #expect(abs(try Statistics.quantile(xs, 0.1) - 1.4) <= 4 * Double.ulpOfOne) // h 0.4: 1 + 0.4·1
        #expect(try Statistics.quantile(xs, 0.375) == 6)   // h 1.5: 2 + 0.5·8
        #expect(try Statistics.quantile(xs, 0.625) == 55)  // h 2.5: 10 + 0.5·90
        #expect(try Statistics.quantile(xs, 0.875) == 550) // h 3.5: 100 + 0.5·900
        #expect(try Statistics.quantile(xs, 0.5) == 10)
        #expect(try Statistics.quantile([7], 0.3) == 7)
    }

    @Test("Confidence interval with mean ≠ 0 and se ≠ 1 is pinned (kills: a dropped scale factor)")
    func confidenceIntervalPinned() throws {
        let ci = try Statistics.confidenceInterval(mean: 10, standardError: 2, level: 0.95)
        let z = 1.959963984540054
        #expect(abs(ci.lower - (10 - 2 * z)) <= 1e-12 && abs(ci.upper - (10 + 2 * z)) <= 1e-12, "\(ci)")
        #expect(ci.level == 0.95)
    }

    @Test("Cholesky rejects an exactly zero pivot at every scale (kills: pivot ≥ 0 accepted)",
          arguments: [0, 600, -600, 1022, -1070])
    func choleskyZeroPivot(k: Int) throws {
        // [[1, 1], [1, 1]]·2^k is positive semidefinite of rank 1: the second pivot is exactly 0.
        let s = Hostile.pow2(k)
        let a = try Matrix<Double>([[s, s], [s, s]])
        let e = numericsError { try Cholesky(a) }
        #expect(e?.kind == "notPositiveDefinite", "\(HostileType.zeroPivot) k \(k): \(String(describing: e))")
        if case let .notPositiveDefinite(column, pivot)? = e { #expect(column == 1 && pivot == 0) }
        // 3×3 of rank 2 with the zero pivot last (entries up to 5: scaled by 2^(k−4) when k > 0; all k are even).
        let b = try Matrix<Double>([[4, 2, 2], [2, 5, 3], [2, 3, 2]]).scaled(by: Hostile.pow2(k > 0 ? k - 4 : k))
        #expect(thrownKind { try Cholesky(b) } == "notPositiveDefinite", "rank 2, k \(k)")
    }

    @Test("Interval square encloses the exact square (kills: no outward rounding)", arguments: 0..<4)
    func intervalSquareOutward(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed) &+ 31)
        var rounded = 0
        for _ in 0..<500 {
            let a = try randomDouble(&g)
            // a² = p + e exactly (fused residual); the enclosure needs lower ≤ p + e ≤ upper.
            for iv in [try Interval(a), try Interval(-abs(a)), try Interval(abs(a))] {
                let x = iv.lower
                let sq = iv.squared()
                #expect((-sq.lower).addingProduct(x, x) >= 0 && (-sq.upper).addingProduct(x, x) <= 0, "seed \(seed + 31): [\(x), \(x)]² = \(sq)")
                if (-(x * x)).addingProduct(x, x) != 0 { rounded += 1 }
            }
            // Straddling zero: the upper end must enclose max(lower², upper²) exactly.
            let b = abs(try randomDouble(&g))
            let st = try Interval(-abs(a), b).squared()
            let m = max(abs(a), b)
            #expect(st.lower <= 0 && (-st.upper).addingProduct(m, m) <= 0, "seed \(seed + 31): [\(-abs(a)), \(b)]² = \(st)")
        }
        #expect(rounded > 100, "seed \(seed + 31): only \(rounded) inexact squares") // the check must have something to see
    }
}
