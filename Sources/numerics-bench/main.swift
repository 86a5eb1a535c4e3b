import Foundation
import Numerics

// Prints wall-clock figures for the hot numerical paths. Run in release:
//   swift run -c release numerics-bench
// Used to confirm that the generic code is specialised (Double and Float80 timings within a
// small factor of each other and far from the unspecialised debug build).

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func benchEigen<T: RealFloat>(_ t: T.Type, _ label: String) throws {
    var rng = SeededGenerator(seed: 7)
    for n in [16, 32, 64, 128] {
        let a = try Matrix<T>.randomSymmetric(n, using: &rng)
        let reps = max(1, 256 / n)
        var sweeps = 0
        let s = try seconds { for _ in 0..<reps { sweeps = try SymmetricEigendecomposition(a).sweeps } }
        print("eigen \(label) n=\(n): \(String(format: "%.3f", s / Double(reps) * 1e3)) ms per decomposition (\(sweeps) sweeps)")
    }
}

/// The same decomposition through a generic function the optimiser is told never to specialise:
/// it runs the unspecialised generic code (witness-table calls for every scalar operation).
@_semantics("optimize.sil.specialize.generic.never")
@inline(never)
func unspecialisedEigen<T: RealFloat>(_ a: Matrix<T>) throws -> Int {
    try SymmetricEigendecomposition(a).sweeps
}

func benchSpecialisation() throws {
    var rng = SeededGenerator(seed: 7)
    let n = 32
    let a = try Matrix<Double>.randomSymmetric(n, using: &rng)
    let reps = 8
    let fast = try seconds { for _ in 0..<reps { _ = try SymmetricEigendecomposition(a) } }
    let slow = try seconds { for _ in 0..<reps { _ = try unspecialisedEigen(a) } }
    print("eigen Double n=\(n): specialised \(String(format: "%.3f", fast / Double(reps) * 1e3)) ms, unspecialised generic \(String(format: "%.3f", slow / Double(reps) * 1e3)) ms (ratio \(String(format: "%.1f", slow / fast)))")
}

/// Positive-definite input takes the other eigensolver path (Cholesky, then one-sided Jacobi):
/// the same sizes on A Aᵀ + n·I.
func benchEigenPositiveDefinite<T: RealFloat>(_ t: T.Type, _ label: String) throws {
    var rng = SeededGenerator(seed: 7)
    for n in [16, 32, 64, 128] {
        let b = try Matrix<T>.randomGaussian(rows: n, columns: n, using: &rng)
        let a = try b.multiplied(by: b.transposed).adding(Matrix.identity(n).scaled(by: T(n)))
            .requireSymmetric("bench", tolerance: .infinity)
        let reps = max(1, 256 / n)
        var sweeps = 0
        let s = try seconds { for _ in 0..<reps { sweeps = try SymmetricEigendecomposition(a).sweeps } }
        print("eigen \(label) positive definite n=\(n): \(String(format: "%.3f", s / Double(reps) * 1e3)) ms per decomposition (\(sweeps) sweeps)")
    }
}

/// Largest LAPACK-style residual ratios over n = 1…64 (the property tests require ≤ 60):
/// how much margin the eigensolver has, for a random, a graded positive (1 … 1e-12; the
/// Cholesky + one-sided Jacobi path) and a graded indefinite spectrum (two-sided Jacobi).
func residualMargins<T: RealFloat>(_: T.Type, _ label: String) throws {
    var worstDec = 0.0, worstOrth = 0.0
    for n in 1...64 {
        var rng = SeededGenerator(seed: UInt64(n))
        let graded = (0..<n).map { i in n == 1 ? 1.0 : Double.pow(10, -12 * Double(i) / Double(n - 1)) }
        let gradedIndefinite = graded.enumerated().map { $0.offset % 2 == 0 ? $0.element : -$0.element }
        for a in [try Matrix<Double>.randomSymmetric(n, using: &rng), try Matrix<Double>.symmetric(eigenvalues: graded, using: &rng),
                  try Matrix<Double>.symmetric(eigenvalues: gradedIndefinite, using: &rng)] {
            let x = a.converted(to: T.self)
            let (dec, orth) = try SymmetricEigendecomposition(x).residualRatios(for: x)
            worstDec = max(worstDec, Double(dec))
            worstOrth = max(worstOrth, Double(orth))
        }
    }
    print("eigen \(label) n=1…64 (random, graded positive, graded indefinite): max ‖A − QΛQᵀ‖/(nε‖A‖) = \(String(format: "%.3f", worstDec)), max ‖I − QᵀQ‖/(nε) = \(String(format: "%.3f", worstOrth)) (threshold 60)")
}

func benchHVP() throws {
    struct Quartic: ScalarFunction {
        let n: Int
        var inputDimension: Int { n }
        func callAsFunction<T: Real>(_ x: [T]) throws -> T {
            var s = T.zero
            for i in 0..<n { let y = x[i] * x[(i + 1) % n]; s += y * y }
            return s
        }
    }
    for n in [16, 64] {
        let f = Quartic(n: n)
        let x = (0..<n).map { Double($0) / Double(n) }
        let reps = 50
        let s = try seconds { for _ in 0..<reps { _ = try Derivatives.hessianVectorProduct(of: f, at: x, along: x) } }
        print("hessian-vector product n=\(n): \(String(format: "%.3f", s / Double(reps) * 1e3)) ms")
    }
}

do {
    try benchEigen(Double.self, "Double")
    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    try benchEigen(Float80.self, "Float80")
    #endif
    try benchEigenPositiveDefinite(Double.self, "Double")
    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    try benchEigenPositiveDefinite(Float80.self, "Float80")
    #endif
    try residualMargins(Double.self, "Double")
    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    try residualMargins(Float80.self, "Float80")
    #endif
    try benchSpecialisation()
    try benchHVP()
} catch {
    FileHandle.standardError.write(Data("numerics-bench: \(error)\n".utf8))
    exit(1)
}
