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
