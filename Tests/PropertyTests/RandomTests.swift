import Numerics
import TestSupport
import Testing

@Suite("Seeded generator")
struct RandomTests {
    @Test("splitmix64-seeded xoshiro256** stream is pinned (cross-platform stability)")
    func pinned() {
        // Reference values from an independent re-implementation (a few lines of Python with
        // arbitrary-precision integers masked to 64 bits); the seeding's first splitmix64 output
        // for seed 0 is 0xE220A8397B1DCDAF, the published value. Any change to the seeding or
        // the generator would silently change every recorded baseline, so it must fail here.
        var g = SeededGenerator(seed: 0)
        let first = (0..<4).map { _ in g.next() }
        #expect(first == RandomTests.pinnedSeed0)
        var a = SeededGenerator(seed: 12345), b = SeededGenerator(seed: 12345)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
        var c = SeededGenerator(seed: 12346)
        var d = SeededGenerator(seed: 12345)
        #expect((0..<8).map { _ in c.next() } != (0..<8).map { _ in d.next() })
    }

    static let pinnedSeed0: [UInt64] = [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0, 0x6AA5_94F1_262D_2D2C]

    @Test("uniform() lies in [0, 1) and int(below:) in its range")
    func ranges() throws {
        var g = SeededGenerator(seed: 9)
        for _ in 0..<10_000 {
            let u = g.uniform()
            #expect(u >= 0 && u < 1)
            let k = try g.int(below: 7)
            #expect(k >= 0 && k < 7)
        }
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        for _ in 0..<1000 { let u = g.uniform(Float80.self); #expect(u >= 0 && u < 1) }
        #endif
    }

    @Test("int(below:) is uniform: every bin within 5σ of N/6 over 60 000 draws")
    func intUniformity() throws {
        // Statistical check: per bin, P(|count − N/6| > 5σ) < 6e-7 for a correct generator
        // (σ² = N·(1/6)(5/6)); the seed is fixed, so the outcome is deterministic.
        var g = SeededGenerator(seed: 2024)
        var counts = Array(repeating: 0, count: 6)
        let n = 60_000
        for _ in 0..<n { counts[try g.int(below: 6)] += 1 }
        let sigma = (Double(n) * (1.0 / 6) * (5.0 / 6)).squareRoot()
        for c in counts { #expect(abs(Double(c) - Double(n) / 6) <= 5 * sigma) }
    }

    @Test("Normals have mean 0 and variance 1 within 5 standard errors (200 000 draws, both precisions)")
    func normals() throws {
        // SE(mean) = 1/√n; SE(variance) ≈ √(2/n) for a normal population.
        let n = 200_000
        var g = SeededGenerator(seed: 77)
        var w = Welford<Double>()
        for _ in 0..<n { try w.add(g.normal()) }
        #expect(abs(w.mean) <= 5 / Double(n).squareRoot())
        #expect(abs(try w.variance() - 1) <= 5 * (2 / Double(n)).squareRoot())
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        var wx = Welford<Float80>()
        for _ in 0..<n { try wx.add(g.normal(Float80.self)) }
        #expect(abs(wx.mean) <= 5 / Float80(n).squareRoot())
        #expect(abs(try wx.variance() - 1) <= 5 * (2 / Float80(n)).squareRoot())
        #endif
    }

    @Test("Sampling with and without replacement, permutations", arguments: [1, 2, 5, 30])
    func sampling(n: Int) throws {
        var g = SeededGenerator(seed: UInt64(n))
        let with = try g.sampleWithReplacement(from: n, count: 3 * n)
        #expect(with.count == 3 * n && with.allSatisfy { (0..<n).contains($0) })
        for k in 0...n {
            let without = try g.sampleWithoutReplacement(from: n, count: k)
            #expect(without.count == k && Set(without).count == k && without.allSatisfy { (0..<n).contains($0) })
        }
        let p = try g.permutation(n)
        #expect(p.sorted() == Array(0..<n))
    }

    @Test("Invalid sampling requests throw")
    func invalid() {
        var g = SeededGenerator(seed: 1)
        #expect(thrownKind { try g.int(below: 0) } == "invalidArgument")
        #expect(thrownKind { try g.sampleWithReplacement(from: 0, count: 3) } == "empty")
        #expect(thrownKind { try g.sampleWithReplacement(from: 3, count: -1) } == "invalidArgument")
        #expect(thrownKind { try g.sampleWithoutReplacement(from: 3, count: 4) } == "invalidArgument")
        #expect(thrownKind { try g.permutation(-2) } == "invalidArgument")
    }
}
