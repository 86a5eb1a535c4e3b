import Numerics
import TestSupport
import Testing

/// The companion matrix of the monic polynomial with the given roots (real roots and conjugate
/// pairs (re, ±im)): first row −c_{n−1} … −c_0, ones on the subdiagonal. Also returns c_0 … c_n.
func companion(realRoots: [Double], complexPairs: [(Double, Double)]) throws -> (Matrix<Double>, [Double]) {
    // Multiply out the factors (x − r) and (x² − 2re·x + re² + im²), lowest degree first.
    var c: [Double] = [1]
    func multiply(_ f: [Double]) {
        var out = [Double](repeating: 0, count: c.count + f.count - 1)
        for (i, a) in c.enumerated() { for (j, b) in f.enumerated() { out[i + j] += a * b } }
        c = out
    }
    for r in realRoots { multiply([-r, 1]) }
    for (re, im) in complexPairs { multiply([re * re + im * im, -2 * re, 1]) }
    let n = c.count - 1
    var m = try Matrix<Double>(rows: n, columns: n)
    for j in 0..<n { m[0, j] = -c[n - 1 - j] }
    for i in 1..<n { m[i, i - 1] = 1 }
    return (m, c)
}

/// Greedy matching of computed to expected eigenvalues: the largest distance from each expected
/// value to its nearest still-unmatched computed value.
func matchDistance<T: RealFloat>(_ computed: [ComplexValue<T>], _ expected: [(T, T)]) -> [T] {
    var left = computed
    var out = [T]()
    for (re, im) in expected {
        var best = 0
        for i in 1..<max(left.count, 1) where i < left.count {
            let di = ComplexValue(real: left[i].real - re, imaginary: left[i].imaginary - im).magnitude
            let db = ComplexValue(real: left[best].real - re, imaginary: left[best].imaginary - im).magnitude
            if di < db { best = i }
        }
        out.append(ComplexValue(real: left[best].real - re, imaginary: left[best].imaginary - im).magnitude)
        left.remove(at: best)
    }
    return out
}

@Suite("Non-symmetric eigenvalues (Hessenberg + Francis double-shift QR)")
struct NonsymmetricEigenTests {
    @Test("Companion matrices: known roots to their first-order perturbation bound")
    func companionRoots() throws {
        let cases: [([Double], [(Double, Double)])] = [
            ([1, 2, 3, 4, 5], []),
            ([2, -3, 0.5], [(0, 1)]),
            ([-1], [(0.3, 2), (-1.5, 0.25)]),
            ([], [(1, 1), (1, -3)]),
        ]
        for (realRoots, pairs) in cases {
            let (m, c) = try companion(realRoots: realRoots, complexPairs: pairs)
            let n = m.rows
            let e = try NonsymmetricEigenvalues(m)
            #expect(e.eigenvalues.count == n)
            var expected: [(Double, Double)] = realRoots.map { ($0, 0) }
            for (re, im) in pairs { expected.append((re, im)); expected.append((re, -im)) }
            let dist = matchDistance(e.eigenvalues, expected)
            for ((re, im), d) in zip(expected, dist) {
                // A simple root moves by |δp(λ)|/|p′(λ)| under coefficient perturbations |δc_i| ≤
                // 60·n·ε·|c_i| (LAPACK's factor 60 on a backward-stable n·ε): bound that to first order.
                var size = 0.0, dre = 0.0, dim = 0.0, pre = 1.0, pim = 0.0
                for i in 0..<c.count {
                    size += abs(c[i]) * Double.pow((re * re + im * im).squareRoot(), Double(i))
                    if i > 0 { dre += Double(i) * c[i] * pre; dim += Double(i) * c[i] * pim; (pre, pim) = (pre * re - pim * im, pre * im + pim * re) }
                }
                let derivative = (dre * dre + dim * dim).squareRoot()
                let bound = 60 * Double(n) * Double.ulpOfOne * size / derivative
                #expect(d <= bound, "root \(re) + \(im)i: distance \(d) > bound \(bound); computed \(e.eigenvalues)")
            }
        }
    }

    @Test("Rotated 2×2 rotation-like blocks: complex pairs a ± ib of a normal matrix, both precisions", arguments: [UInt64(1), 2, 3])
    func rotationBlocks(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let pairs: [(Double, Double)] = [(0.5, 2), (-1, 0.001), (3, 1)]
        var m = try Matrix<Double>(rows: 7, columns: 7)
        for (b, (a, w)) in pairs.enumerated() { m[2 * b, 2 * b] = a; m[2 * b + 1, 2 * b + 1] = a; m[2 * b, 2 * b + 1] = -w; m[2 * b + 1, 2 * b] = w }
        m[6, 6] = -2.5
        let q = try Matrix<Double>.randomOrthogonal(7, using: &rng)
        let a = try q.multiplied(by: m).multiplied(by: q.transposed)
        var expected: [(Double, Double)] = [(-2.5, 0)]
        for (x, w) in pairs { expected.append((x, w)); expected.append((x, -w)) }
        // A normal matrix: Bauer–Fike with κ(V) = 1, so each eigenvalue moves by at most the
        // backward error ‖E‖₂ ≤ 60·n·ε·‖A‖_F (plus the construction's rounding, of the same order).
        func check<T: RealFloat>(_ x: Matrix<T>, _ label: String) throws {
            let e = try NonsymmetricEigenvalues(x)
            let solver: T = 2 * 60 * 7 * T.ulpOfOne * x.frobeniusNorm
            let construction: T = T(7 * 4 * Double.ulpOfOne * m.frobeniusNorm)
            let bound: T = solver + construction
            for d in matchDistance(e.eigenvalues, expected.map { (T($0.0), T($0.1)) }) { #expect(d <= bound, "\(label) seed \(seed): \(d) > \(bound)") }
            #expect(abs(e.spectralRadius - T((9.0 + 1.0).squareRoot())) <= bound, "\(label) seed \(seed): radius \(e.spectralRadius)")
        }
        try check(a, "Double")
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        try check(a.converted(to: Float80.self), "Float80")
        #endif
    }

    @Test("Triangular matrices: the diagonal, exactly", arguments: [UInt64(4), 5])
    func triangular(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var a = try Matrix<Double>.randomGaussian(rows: 9, columns: 9, using: &rng)
        for i in 0..<9 { for j in 0..<i { a[i, j] = 0 } }
        let e = try NonsymmetricEigenvalues(a)
        let got = e.eigenvalues.map { $0.real }.sorted(), want = (0..<9).map { a[$0, $0] }.sorted()
        #expect(got == want, "seed \(seed)")
        #expect(e.eigenvalues.allSatisfy { $0.imaginary == 0 }, "seed \(seed)")
    }

    @Test("Spectral radius of random positive matrices agrees with power iteration, both precisions", arguments: [UInt64(6), 7, 8])
    func powerIteration(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let n = 12
        let a = try Matrix<Double>(rows: n, columns: n, elements: (0..<(n * n)).map { _ in rng.uniform() })
        // Perron root: simple, real, positive; |λ₂/λ₁| ≈ 0.3, so 200 steps converge to far below ε.
        var v = [Double](repeating: 1, count: n), lambda = 0.0
        for _ in 0..<200 {
            let w = try a.applied(to: v)
            lambda = Vector.norm2(w) / Vector.norm2(v)
            v = w.map { $0 / Vector.norm2(w) }
        }
        let e = try NonsymmetricEigenvalues(a)
        // κ(λ₁) for a positive matrix is modest (≤ 10 here); 60·n·ε·‖A‖_F·10 covers it.
        #expect(abs(e.spectralRadius - lambda) <= 600 * Double(n) * Double.ulpOfOne * a.frobeniusNorm, "seed \(seed): \(e.spectralRadius) vs \(lambda)")
        #expect(e.eigenvalues[0].imaginary == 0 && e.eigenvalues[0].real > 0, "seed \(seed)")
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let e80 = try NonsymmetricEigenvalues(a.converted(to: Float80.self))
        #expect(abs(Double(e80.spectralRadius) - lambda) <= 600 * Double(n) * Double.ulpOfOne * a.frobeniusNorm, "Float80 seed \(seed)")
        #endif
    }

    @Test("A symmetric matrix: real eigenvalues that agree with the symmetric solver", arguments: [1, 2, 3, 10, 25])
    func symmetricAgrees(n: Int) throws {
        let a = try TestMatrices.symmetric(n, spectrum: .random, seed: UInt64(40 + n))
        let e = try NonsymmetricEigenvalues(a)
        let s = try TridiagonalQREigendecomposition(a)
        // Normal matrix: both backward errors (≤ 60·n·ε·‖A‖_F each) bound the eigenvalue error.
        let bound = 2 * 60 * Double(n) * Double.ulpOfOne * a.frobeniusNorm
        let real = e.eigenvalues.map { $0.real }.sorted()
        for (x, y) in zip(real, s.eigenvalues) { #expect(abs(x - y) <= bound, "n \(n) seed \(40 + n): \(x) vs \(y)") }
        #expect(e.eigenvalues.allSatisfy { abs($0.imaginary) <= bound }, "n \(n) seed \(40 + n)")
        #expect(abs(e.spectralRadius - max(abs(s.eigenvalues.first!), abs(s.eigenvalues.last!))) <= bound)
    }

    @Test("Extreme scales: exact power-of-two equivariance, near overflow and subnormal entries")
    func scaling() throws {
        let (m, _) = try companion(realRoots: [2, -3, 0.5], complexPairs: [(0, 1)])
        let base = try NonsymmetricEigenvalues(m)
        for p in [-1060, -700, 700, 1000] {
            let f = Double(sign: .plus, exponent: p, significand: 1)
            let scaled = try NonsymmetricEigenvalues(m.scaled(by: f))
            if p >= -700 {
                #expect(scaled.eigenvalues == base.eigenvalues.map { ComplexValue(real: $0.real * f, imaginary: $0.imaginary * f) }, "2^\(p)")
            } else {
                #expect(abs(scaled.spectralRadius / f - base.spectralRadius) <= 1e-3 * base.spectralRadius, "2^\(p): \(scaled.spectralRadius)")
            }
        }
    }

    @Test("Bad input gets a typed error; 0×0 and 1×1 work")
    func badInput() throws {
        #expect(thrownKind { try NonsymmetricEigenvalues(try Matrix<Double>(rows: 2, columns: 3)) } == "notSquare")
        #expect(thrownKind { try NonsymmetricEigenvalues(try Matrix<Double>([[1, .nan], [0, 1]])) } == "nonFinite")
        #expect(thrownKind { try NonsymmetricEigenvalues(try Matrix<Double>([[1, 0], [.infinity, 1]])) } == "nonFinite")
        #expect(thrownKind { try NonsymmetricEigenvalues(try Matrix<Double>([[0x1.8p1023, 0x1.8p1023], [0x1.8p1023, 0x1.8p1023]])) } == "outOfRange")
        let empty = try NonsymmetricEigenvalues(try Matrix<Double>(rows: 0, columns: 0))
        #expect(empty.eigenvalues.isEmpty && empty.spectralRadius == 0)
        let one = try NonsymmetricEigenvalues(try Matrix<Double>([[-4]]))
        #expect(one.eigenvalues == [ComplexValue(real: -4, imaginary: 0)] && one.spectralRadius == 4)
        let rotation = try NonsymmetricEigenvalues(try Matrix<Double>([[0, -1], [1, 0]]))
        #expect(rotation.eigenvalues.map { $0.imaginary }.sorted() == [-1, 1] && rotation.spectralRadius == 1)
    }
}
