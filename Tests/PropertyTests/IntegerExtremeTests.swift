import Numerics
import TestSupport
import Testing

/// Issue class 5 (hostile type 10): integer overflow must be a typed error or, where the exact
/// result fits, no error at all — never a trap.
@Suite("Hostile type 10: integer extremes")
struct IntegerExtremeTests {
    @Test("Shapes whose element count exceeds Int.max throw instead of trapping")
    func elementCountOverflow() throws {
        let huge = 1 << 32
        #expect(thrownKind { try Matrix<Double>(rows: huge, columns: huge) } == "invalidArgument")
        #expect(thrownKind { try Matrix<Double>(rows: Int.max, columns: 2, elements: []) } == "invalidArgument")
        #expect(thrownKind { try Matrix<Double>(rows: huge, columns: huge, elements: [1]) } == "invalidArgument")
        #expect(thrownKind { try Matrix<Double>.identity(huge) } == "invalidArgument")
        var rng = SeededGenerator(seed: 1)
        #expect(thrownKind { try Matrix<Double>.randomGaussian(rows: huge, columns: huge, using: &rng) } == "invalidArgument")
        // Zero columns: Int.max rows hold zero elements, which is a valid (empty) matrix.
        let tall = try Matrix<Double>(rows: Int.max, columns: 0)
        #expect(tall.elements.isEmpty)
        #expect(thrownKind { try tall.kroneckerProduct(tall) } == "invalidArgument")
    }

    @Test("Sampling without replacement from a population near Int.max: distinct, in range, pinned")
    func samplingHugePopulation() throws {
        var g = SeededGenerator(seed: 2024)
        let s = try g.sampleWithoutReplacement(from: Int.max, count: 6)
        #expect(s.count == 6 && Set(s).count == 6 && s.allSatisfy { $0 >= 0 })
        // Partial Fisher–Yates draws j_i = i + int(below: n − i) and swaps positions i and j_i;
        // with a population this large no j_i collides, so the sample is exactly the j_i.
        var h = SeededGenerator(seed: 2024)
        let expected = try (0..<6).map { i in i + (try h.int(below: Int.max - i)) }
        #expect(s == expected, "\(HostileType.integerExtreme) seed 2024: \(s)")
        var p = SeededGenerator(seed: 3)
        #expect(try p.sampleWithoutReplacement(from: Int.max, count: 0).isEmpty)
    }

    @Test("Sparse and dense Fisher–Yates give the identical sample for every seed (seeded streams unchanged)",
          arguments: [1, 2, 7, 40, 300, 5000])
    func samplingMatchesDenseReference(n: Int) throws {
        for seed in UInt64(1)...20 {
            // Small k next to n takes the sparse (dictionary) path, large k the dense one.
            for k in Set([0, 1, n / 100, n / 20, n / 3, n / 2, n]) {
                var a = SeededGenerator(seed: seed), b = SeededGenerator(seed: seed)
                let got = try a.sampleWithoutReplacement(from: n, count: k)
                // Reference: the dense partial Fisher–Yates over an explicit array.
                var pool = Array(0..<n)
                for i in 0..<k { pool.swapAt(i, i + (try b.int(below: n - i))) }
                #expect(got == Array(pool[0..<k]), "n \(n) k \(k) seed \(seed)")
                #expect(a.next() == b.next(), "stream position after sampling, n \(n) k \(k) seed \(seed)")
            }
        }
    }

    @Test("Rational sums whose partial sums overflow but whose total fits do not report overflow")
    func rationalSumsThatFit() throws {
        let half = Int128.max / 2 + 1 // 2^126: half + half = 2^127 overflows
        let m = try Rational(half, 1)
        #expect(try Rational.sum([m, m, -m]) == m)
        #expect(try Rational.sum([m, m, m, -m, -m]) == m)
        let big = try Rational(Int128.max, 1)
        #expect(try Rational.sum([big, .one, -big]) == .one)
        // a/3 − a/5 = 2a/15 with a = 2^124 + 1: the cross-multiplied numerator 5a overflows
        // 128 bits, the reduced result does not.
        let a: Int128 = (1 << 124) + 1
        let x = try Rational(a, 3), y = try Rational(-a, 5)
        #expect(try x + y == (try Rational(2 * a, 15)))
        #expect(try Rational.sum([x, y]) == (try Rational(2 * a, 15)))
        #expect(try x - (try Rational(a, 5)) == (try Rational(2 * a, 15)))
        // Exact dot product and trace with overflowing partial sums.
        #expect(try Exact.dot([m, m, m], [.one, .one, Rational(-1)]) == m)
        #expect(try Exact.trace([[m, .zero, .zero], [.zero, m, .zero], [.zero, .zero, -m]]) == m)
        // A total that really does not fit still throws.
        #expect(thrownKind { try Rational.sum([m, m]) } == "overflow")
        #expect(thrownKind { try Rational.sum([big, big, -big, .one]) } == "overflow")
    }

    @Test("Random rational sums: overflow reported exactly when the reduced total does not fit", arguments: 0..<4)
    func randomRationalSums(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed) &+ 500)
        for trial in 0..<200 {
            // Terms ±(2^124 − r)/d, d ∈ {1, 2, 4}, alternating in sign: left-to-right partial sums
            // overflow 128 bits often, the total only sometimes.
            let count = 2 + (try g.int(below: 6))
            var terms = [Rational]()
            for i in 0..<count {
                let r = Int128(1 + (try g.int(below: 1000)))
                let d = Int128([1, 2, 4][try g.int(below: 3)])
                terms.append(try Rational((i % 2 == 0 ? 1 : -1) * ((1 << 124) - r), d))
            }
            // Reference: 4·Σ t_i as an integer, positives and negatives summed separately in
            // UInt128 (at most 4 terms below 2^126 each), then reduced by powers of two.
            var pos: UInt128 = 0, neg: UInt128 = 0
            for t in terms {
                let q = t.numerator.magnitude * UInt128(4 / t.denominator)
                if t.numerator > 0 { pos += q } else { neg += q }
            }
            let negative = neg > pos
            var num = negative ? neg - pos : pos - neg
            var den: UInt128 = 4
            while den > 1 && num % 2 == 0 { num /= 2; den /= 2 }
            let expected: Rational? = num <= UInt128(Int128.max)
                ? try Rational(negative ? -Int128(num) : Int128(num), Int128(den)) : nil
            let got: Rational? = try? Rational.sum(terms)
            #expect(got == expected, "\(HostileType.integerExtreme) seed \(seed) trial \(trial): \(terms)")
            if expected == nil { #expect(thrownKind { try Rational.sum(terms) } == "overflow") }
        }
    }
}
