import Numerics

/// Spectra for eigen tests. None is diagonal in the standard basis: every test matrix is
/// rotated by a random orthogonal Q, so an eigensolver cannot pass by doing nothing.
enum Spectrum: String, CaseIterable, CustomStringConvertible {
    /// Symmetric matrix with i.i.d. N(0,1) entries (no prescribed spectrum).
    case random
    /// |λ_i| graded geometrically from 1 down to 1e-12, signs alternating.
    case graded
    /// All eigenvalues within 1e-10 of 1 or of −2 (two tight clusters).
    case clustered
    /// Rank ⌈n/2⌉: the other eigenvalues are exactly zero.
    case rankDeficient

    var description: String { rawValue }

    func eigenvalues(_ n: Int, _ rng: inout SeededGenerator) -> [Double] {
        switch self {
        case .random:
            return []
        case .graded:
            return (0..<n).map { i in
                let mag = n == 1 ? 1 : Double.pow(10, -12 * Double(i) / Double(n - 1))
                return i % 2 == 0 ? mag : -mag
            }
        case .clustered:
            return (0..<n).map { i in (i % 2 == 0 ? 1.0 : -2.0) + 1e-10 * rng.normal() }
        case .rankDeficient:
            return (0..<n).map { i in i < (n + 1) / 2 ? rng.normal() : 0 }
        }
    }
}

enum TestMatrices {
    /// An exactly symmetric test matrix (Double; convert exactly for Float80).
    static func symmetric(_ n: Int, spectrum: Spectrum, seed: UInt64) throws -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        if spectrum == .random { return try Matrix.randomSymmetric(n, using: &rng) }
        let lambda = spectrum.eigenvalues(n, &rng)
        return try Matrix.symmetric(eigenvalues: lambda, using: &rng)
    }
}

extension TestMatrices {
    /// Wilkinson's W⁺_{2m+1}: tridiagonal, diagonal |m − i| (i = 0…2m), off-diagonal 1. Its
    /// largest eigenvalues come in pairs that agree to many digits (for m = 10 the top pair differs
    /// by about 1e-14·‖W‖): a hard case for eigenvector orthogonality.
    static func wilkinson(_ m: Int) throws -> Matrix<Double> {
        let n = 2 * m + 1
        var w = try Matrix<Double>(rows: n, columns: n)
        for i in 0..<n {
            w[i, i] = Double(abs(m - i))
            if i + 1 < n { w[i, i + 1] = 1; w[i + 1, i] = 1 }
        }
        return w
    }

    /// `copies` blocks W⁺_{2m+1} along the diagonal, consecutive blocks coupled by `glue` in the
    /// off-diagonal entry between them: every eigenvalue of W⁺ becomes a cluster of `copies`
    /// eigenvalues within about `glue` of each other.
    static func gluedWilkinson(copies: Int, m: Int, glue: Double) throws -> Matrix<Double> {
        let b = 2 * m + 1, n = copies * b
        let w = try wilkinson(m)
        var g = try Matrix<Double>(rows: n, columns: n)
        for c in 0..<copies {
            for i in 0..<b { for j in 0..<b { g[c * b + i, c * b + j] = w[i, j] } }
            if c > 0 { g[c * b, c * b - 1] = glue; g[c * b - 1, c * b] = glue }
        }
        return g
    }

    /// Q M Qᵀ for a random orthogonal Q (seeded), symmetrised exactly: the same spectrum, dense.
    static func rotated(_ m: Matrix<Double>, seed: UInt64) throws -> Matrix<Double> {
        var rng = SeededGenerator(seed: seed)
        let q = try Matrix<Double>.randomOrthogonal(m.rows, using: &rng)
        return try q.multiplied(by: m).multiplied(by: q.transposed).requireSymmetric("rotated", tolerance: .infinity)
    }
}
