import Numerics
import TestSupport
import Testing

/// Lanczos on A (as a closure) against the dense solver, both ends. Each Ritz value must lie
/// within its own a-posteriori bound of the true eigenvalue; the dense reference is itself only
/// within 2·60·n·ε·‖A‖_F of it (Weyl, LAPACK's 60 on a backward-stable solver), so that is added.
func checkLanczos<T: RealFloat>(_ a: Matrix<T>, k: Int, seed: UInt64, _ context: String) throws {
    let n = a.rows
    let dense = try TridiagonalQREigendecomposition.eigenvalues(of: a)
    let reference = 2 * 60 * T(n) * T.ulpOfOne * a.frobeniusNorm
    for end in [SpectrumEnd.largest, .smallest] {
        let l = try LanczosEigensolver<T>(dimension: n, count: k, end: end, seed: seed) { try a.applied(to: $0) }
        #expect(l.pairs.count == k, "\(context) \(end) seed \(seed)")
        let want = end == .largest ? Array(dense.suffix(k)) : Array(dense.prefix(k))
        let tol = T(10 * n) * T.ulpOfOne * a.frobeniusNorm
        for (p, lambda) in zip(l.pairs, want) {
            #expect(abs(p.value - lambda) <= p.errorBound + reference, "\(context) \(end) seed \(seed): θ \(p.value) λ \(lambda) bound \(p.errorBound)")
            // The recomputed residual meets the stopping rule (tolerance 10·n·ε·‖T_j‖ ≤ 10·n·ε·‖A‖_F,
            // doubled for the rounding of the extra product).
            #expect(p.residualNorm <= 2 * tol, "\(context) \(end) seed \(seed): residual \(p.residualNorm) > \(2 * tol)")
            #expect(abs(Vector.norm2(p.vector) - 1) <= 10 * T(n) * T.ulpOfOne, "\(context) seed \(seed): Ritz vector not unit")
        }
    }
}

@Suite("Lanczos with full reorthogonalisation")
struct LanczosTests {
    @Test("Random symmetric operators, top and bottom k, both precisions", arguments: [(30, UInt64(1)), (80, 2), (120, 3)])
    func randomOperators(n: Int, seed: UInt64) throws {
        let a = try TestMatrices.symmetric(n, spectrum: .random, seed: seed)
        try checkLanczos(a, k: 4, seed: seed, "random n \(n)")
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        try checkLanczos(a.converted(to: Float80.self), k: 3, seed: seed, "random n \(n) Float80")
        #endif
    }

    @Test("Clustered top of the spectrum (gaps 1e-6), both precisions")
    func clustered() throws {
        var rng = SeededGenerator(seed: 9)
        let n = 60
        var lambda = (0..<(n - 3)).map { _ in 2 * rng.uniform() - 1 }
        lambda += [5, 5 - 1e-6, 5 - 2e-6]
        let a = try Matrix<Double>.symmetric(eigenvalues: lambda, using: &rng)
        try checkLanczos(a, k: 3, seed: 9, "clustered")
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        try checkLanczos(a.converted(to: Float80.self), k: 3, seed: 9, "clustered Float80")
        #endif
    }

    @Test("Diagonal operator with known eigenvalues: the quadratic gap bound holds and is sharp")
    func quadraticBound() throws {
        let n = 200
        // Top of the spectrum 10, 9, 8.5 then the rest in [0, 8): exact eigenvalues are the entries.
        var d = (0..<(n - 3)).map { 8 * Double($0) / Double(n) }
        d += [8.5, 9, 10]
        let l = try LanczosEigensolver<Double>(dimension: n, count: 3, end: .largest, seed: 5) { v in (0..<n).map { d[$0] * v[$0] } }
        for (p, lambda) in zip(l.pairs, [8.5, 9.0, 10.0]) {
            // θ carries its own rounding, a few ulps of |λ| (the Rayleigh quotient of a unit vector).
            let rounding = 16 * Double.ulpOfOne * lambda
            #expect(abs(p.value - lambda) <= p.errorBound + rounding, "seed 5: θ \(p.value) vs \(lambda), bound \(p.errorBound)")
            #expect(p.gap != nil && p.quadraticBound! <= p.residualNorm, "seed 5: gap \(String(describing: p.gap))")
        }
        #expect(l.iterations < n, "seed 5: took the whole space (\(l.iterations) steps)")
    }

    @Test("Too few iterations: noConvergence (the stopping rule can fail)")
    func notConverged() throws {
        let a = try TestMatrices.symmetric(50, spectrum: .random, seed: 4)
        #expect(thrownKind { try LanczosEigensolver<Double>(dimension: 50, count: 2, end: .largest, maxIterations: 4, seed: 4) { try a.applied(to: $0) } } == "noConvergence")
    }

    @Test("Bad input gets a typed error; n = 0 and n = 1 work")
    func badInput() throws {
        let a = try TestMatrices.symmetric(5, spectrum: .random, seed: 1)
        let op: ([Double]) throws -> [Double] = { try a.applied(to: $0) }
        #expect(thrownKind { try LanczosEigensolver(dimension: 5, count: 6, end: .largest, seed: 1, apply: op) } == "invalidArgument")
        #expect(thrownKind { try LanczosEigensolver(dimension: 5, count: -1, end: .largest, seed: 1, apply: op) } == "invalidArgument")
        #expect(thrownKind { try LanczosEigensolver(dimension: 5, count: 1, end: .largest, tolerance: -1, seed: 1, apply: op) } == "invalidArgument")
        #expect(thrownKind { try LanczosEigensolver(dimension: 5, count: 1, end: .largest, maxIterations: 0, seed: 1, apply: op) } == "invalidArgument")
        #expect(thrownKind { try LanczosEigensolver<Double>(dimension: 5, count: 1, end: .largest, seed: 1) { _ in [1, 2] } } == "dimensionMismatch")
        #expect(thrownKind { try LanczosEigensolver<Double>(dimension: 5, count: 1, end: .largest, seed: 1) { $0.map { _ in .nan } } } == "nonFinite")
        let empty = try LanczosEigensolver<Double>(dimension: 0, count: 0, end: .smallest, seed: 1) { $0 }
        #expect(empty.pairs.isEmpty)
        let one = try LanczosEigensolver<Double>(dimension: 1, count: 1, end: .smallest, seed: 1) { $0.map { -3 * $0 } }
        #expect(one.pairs.map { $0.value } == [-3] && one.pairs[0].residualNorm == 0)
    }
}
