/// A complex number x + iy, as an eigenvalue of a real matrix.
public struct ComplexValue<T: RealFloat>: Sendable, Equatable, CustomStringConvertible {
    public let real: T
    public let imaginary: T

    @inlinable
    public init(real: T, imaginary: T) {
        self.real = real
        self.imaginary = imaginary
    }

    /// |x + iy| = √(x² + y²), without spurious overflow or underflow.
    @inlinable
    public var magnitude: T { TridiagonalQREigendecomposition<T>.hypot(real, imaginary) }

    public var description: String { imaginary == .zero ? "\(real)" : "\(real) \(imaginary < .zero ? "−" : "+") \(abs(imaginary))i" }
}

/// All eigenvalues of a real square matrix (not necessarily symmetric), and its spectral radius.
///
/// Algorithm: exact power-of-two scaling (max |2^k a_ij| ∈ [1, 2)); balancing by exact powers of
/// two (a diagonal similarity D⁻¹AD that evens out row and column norms, which does not change
/// the eigenvalues and makes badly scaled matrices such as companion matrices better
/// conditioned); Householder reduction to upper Hessenberg form; Francis's implicit double-shift
/// QR iteration (two shifts, the eigenvalues of the trailing 2×2 block, applied together in real
/// arithmetic with 3-element reflectors), deflating a subdiagonal entry when it is below
/// ε·(|h_{k−1,k−1}| + |h_kk|). Only the active window is updated (no Schur vectors).
///
/// Accuracy: backward stable — the eigenvalues are exact for a matrix within O(n·ε·‖A‖) of the
/// balanced A — so an eigenvalue λ with condition number κ(λ) = 1/|yᴴx| (unit left and right
/// eigenvectors y, x) has error about κ(λ)·n·ε·‖A‖; for normal matrices κ = 1. Cost: 10n³/3
/// flops for the reduction and about 10n³ for the QR iteration; meant for small dense matrices.
///
/// Eigenvalues are sorted by decreasing magnitude (ties: larger real part first, then larger
/// imaginary part); complex ones appear as conjugate pairs.
public struct NonsymmetricEigenvalues<T: RealFloat>: Sendable {
    public let eigenvalues: [ComplexValue<T>]
    /// max |λ| (0 for the 0×0 matrix).
    public let spectralRadius: T
    /// Number of double-shift QR steps.
    public let iterations: Int

    /// - Throws: `.notSquare`; `.nonFinite` for a NaN or ±∞ entry; `.outOfRange` when an
    ///   eigenvalue's modulus exceeds `greatestFiniteMagnitude`; `.noConvergence` after 30·n QR
    ///   steps. The 0×0 matrix gives no eigenvalues and spectral radius 0.
    @inlinable
    public init(_ matrix: Matrix<T>) throws {
        let operation = "nonsymmetric eigenvalues"
        guard matrix.isSquare else { throw NumericsError.notSquare(operation: operation, rows: matrix.rows, columns: matrix.columns) }
        try matrix.elements.requireFinite(operation)
        let n = matrix.rows
        let scale = Vector.unitRangeExponent(matrix.maxAbs)
        var h = matrix.elements.map { Vector.timesPowerOfTwo($0, scale) }
        Self.balance(&h, n: n)
        Self.reduceToHessenberg(&h, n: n)
        var (re, im, steps) = try Self.francisQR(&h, n: n, operation: operation)
        var values = [ComplexValue<T>]()
        for i in 0..<n {
            let v = ComplexValue(real: Vector.timesPowerOfTwo(re[i], -scale), imaginary: Vector.timesPowerOfTwo(im[i], -scale))
            let m = v.magnitude
            guard v.real.isFinite, v.imaginary.isFinite, m.isFinite else {
                throw NumericsError.outOfRange(operation: operation, detail: "eigenvalue \(re[i]) + \(im[i])i × 2^\(-scale) exceeds the largest finite value")
            }
            values.append(v)
        }
        re = []; im = []
        values.sort { x, y in
            let mx = x.magnitude, my = y.magnitude
            if mx != my { return mx > my }
            if x.real != y.real { return x.real > y.real }
            return x.imaginary > y.imaginary
        }
        self.eigenvalues = values
        self.spectralRadius = values.first?.magnitude ?? .zero
        self.iterations = steps
    }

    /// Diagonal similarity by powers of two (exact) until no row/column pair can be brought
    /// appreciably closer in 1-norm.
    @inlinable
    static func balance(_ a: inout [T], n: Int) {
        guard n > 1 else { return }
        var changed = true
        var rounds = 0
        while changed && rounds < 100 {
            changed = false
            rounds += 1
            for i in 0..<n {
                var c = T.zero, r = T.zero
                for j in 0..<n where j != i { c += abs(a[j * n + i]); r += abs(a[i * n + j]) }
                if c == .zero || r == .zero { continue }
                // f = 2^p with c·f ≈ r/f, i.e. f² ≈ r/c.
                var f = T.one
                var cf = c, rf = r
                while cf < rf / 4 { cf *= 2; rf /= 2; f *= 2 }
                while cf > rf * 4 { cf /= 2; rf *= 2; f /= 2 }
                if f == .one || (cf + rf) >= T(0.95) * (c + r) { continue }
                // Column i times f, row i divided by f (the diagonal entry is unchanged).
                for j in 0..<n where j != i { a[j * n + i] *= f; a[i * n + j] /= f }
                changed = true
            }
        }
    }

    /// Householder reduction to upper Hessenberg form (row-major, in place): for each column k the
    /// entries below the subdiagonal are reflected onto it, A ← P A P.
    @inlinable
    static func reduceToHessenberg(_ a: inout [T], n: Int) {
        guard n > 2 else { return }
        var u = [T](repeating: .zero, count: n)
        for k in 0..<(n - 2) {
            var scale = T.zero
            for i in (k + 1)..<n { scale = Swift.max(scale, abs(a[i * n + k])) }
            if scale == .zero { continue }
            var ss = T.zero
            for i in (k + 2)..<n { let x = a[i * n + k] / scale; ss += x * x }
            if ss == .zero { continue }
            let alpha = a[(k + 1) * n + k]
            let norm = scale * (ss + (alpha / scale) * (alpha / scale)).squareRoot()
            let beta = alpha >= .zero ? -norm : norm
            let tau = (beta - alpha) / beta
            let f = 1 / (alpha - beta)
            u[k + 1] = .one
            for i in (k + 2)..<n { u[i] = a[i * n + k] * f }
            // Left: rows k+1..<n, columns k..<n.
            for j in k..<n {
                var s = T.zero
                for i in (k + 1)..<n { s += u[i] * a[i * n + j] }
                s *= tau
                for i in (k + 1)..<n { a[i * n + j] -= s * u[i] }
            }
            // Right: all rows, columns k+1..<n.
            for i in 0..<n {
                var s = T.zero
                for j in (k + 1)..<n { s += a[i * n + j] * u[j] }
                s *= tau
                for j in (k + 1)..<n { a[i * n + j] -= s * u[j] }
            }
            a[(k + 1) * n + k] = beta
            for i in (k + 2)..<n { a[i * n + k] = .zero }
        }
    }

    /// Eigenvalues of the real 2×2 matrix [[a, b], [c, d]] as (re1, im1, re2, im2).
    @inlinable
    static func eigenvalues2x2(_ a: T, _ b: T, _ c: T, _ d: T) -> (T, T, T, T) {
        let p = (a - d) / 2
        let bc = b * c
        let disc = p * p + bc
        if disc >= .zero {
            let r = disc.squareRoot()
            let z = p >= .zero ? p + r : p - r
            if z == .zero { return (d, .zero, d, .zero) }
            return (d + z, .zero, d - bc / z, .zero)
        }
        let im = (-disc).squareRoot()
        return (d + p, im, d + p, -im)
    }

    /// Francis double-shift QR on the upper Hessenberg `h` (row-major). Returns the real and
    /// imaginary parts of the eigenvalues and the number of QR steps.
    @inlinable
    static func francisQR(_ h: inout [T], n: Int, operation: String) throws -> ([T], [T], Int) {
        var re = [T](repeating: .zero, count: n), im = [T](repeating: .zero, count: n)
        let eps = T.ulpOfOne
        var hnorm = T.zero
        for v in h { hnorm = Swift.max(hnorm, abs(v)) }
        var hi = n - 1
        var steps = 0, sinceDeflation = 0
        while hi >= 0 {
            // Find the start l of the unreduced block ending at hi.
            var l = hi
            while l > 0 {
                let sub = abs(h[l * n + l - 1])
                var ref = abs(h[(l - 1) * n + l - 1]) + abs(h[l * n + l])
                if ref == .zero { ref = hnorm }
                if sub <= eps * ref || sub < T.leastNormalMagnitude { h[l * n + l - 1] = .zero; break }
                l -= 1
            }
            if l == hi {
                re[hi] = h[hi * n + hi]; im[hi] = .zero
                hi -= 1; sinceDeflation = 0
                continue
            }
            if l == hi - 1 {
                let (r1, i1, r2, i2) = eigenvalues2x2(h[(hi - 1) * n + hi - 1], h[(hi - 1) * n + hi], h[hi * n + hi - 1], h[hi * n + hi])
                re[hi - 1] = r1; im[hi - 1] = i1; re[hi] = r2; im[hi] = i2
                hi -= 2; sinceDeflation = 0
                continue
            }
            steps += 1
            sinceDeflation += 1
            if steps > 30 * n { throw NumericsError.noConvergence(operation: operation, iterations: steps) }
            // The two shifts enter through their sum s and product t.
            var s: T, t: T
            if sinceDeflation % 11 == 10 {
                // Exceptional shift after a run without deflation: breaks rare cycles.
                let r = h[hi * n + hi] + T(0.75) * (abs(h[hi * n + hi - 1]) + abs(h[(hi - 1) * n + hi - 2]))
                s = 2 * r
                t = r * r
            } else {
                let a = h[(hi - 1) * n + hi - 1], b = h[(hi - 1) * n + hi], c = h[hi * n + hi - 1], d = h[hi * n + hi]
                s = a + d
                t = a * d - b * c
            }
            // First column of (H − σ₁I)(H − σ₂I) = H² − sH + tI, rows l, l+1, l+2.
            let h00 = h[l * n + l], h01 = h[l * n + l + 1], h10 = h[(l + 1) * n + l], h11 = h[(l + 1) * n + l + 1]
            var x = h00 * h00 + h01 * h10 - s * h00 + t
            var y = h10 * (h00 + h11 - s)
            var z = h10 * h[(l + 2) * n + l + 1]
            for k in l..<hi {
                let m = Swift.min(3, hi - k + 1)
                if m < 3 { z = .zero }
                // Reflector I − τ v vᵀ, v = (1, v1, v2), mapping (x, y, z) to (β, 0, 0).
                let sc = Swift.max(abs(x), Swift.max(abs(y), abs(z)))
                if sc != .zero {
                    let xs = x / sc, ys = y / sc, zs = z / sc
                    let norm = sc * (xs * xs + ys * ys + zs * zs).squareRoot()
                    let beta = x >= .zero ? -norm : norm
                    let tau = (beta - x) / beta
                    let f = 1 / (x - beta)
                    let v1 = y * f, v2 = z * f
                    if k > l {
                        h[k * n + k - 1] = beta
                        h[(k + 1) * n + k - 1] = .zero
                        if m == 3 { h[(k + 2) * n + k - 1] = .zero }
                    }
                    // Left: rows k..k+m−1, columns k..hi (and column k−1 handled above).
                    for j in k...hi {
                        var q = h[k * n + j] + v1 * h[(k + 1) * n + j]
                        if m == 3 { q += v2 * h[(k + 2) * n + j] }
                        q *= tau
                        h[k * n + j] -= q
                        h[(k + 1) * n + j] -= q * v1
                        if m == 3 { h[(k + 2) * n + j] -= q * v2 }
                    }
                    // Right: rows l..min(k+3, hi), columns k..k+m−1.
                    for i in l...Swift.min(k + 3, hi) {
                        var q = h[i * n + k] + v1 * h[i * n + k + 1]
                        if m == 3 { q += v2 * h[i * n + k + 2] }
                        q *= tau
                        h[i * n + k] -= q
                        h[i * n + k + 1] -= q * v1
                        if m == 3 { h[i * n + k + 2] -= q * v2 }
                    }
                }
                if k + 1 < hi {
                    x = h[(k + 1) * n + k]
                    y = h[(k + 2) * n + k]
                    z = k + 3 <= hi ? h[(k + 3) * n + k] : .zero
                }
            }
        }
        return (re, im, steps)
    }
}
