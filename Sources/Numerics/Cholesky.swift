/// Cholesky factorisation A = L Lᵀ of a symmetric positive-definite matrix.
/// Backward stable: the computed L satisfies L Lᵀ = A + E with |E| ≤ γ_{n+1}|L||Lᵀ|.
public struct Cholesky<T: RealFloat>: Sendable {
    /// Lower-triangular factor.
    public let lower: Matrix<T>

    /// - Throws: `.notSquare`, `.nonFinite`, `.notSymmetric` (tolerance n·ε·‖A‖_F by default),
    ///   `.notPositiveDefinite` naming the first column whose pivot is not positive.
    @inlinable
    public init(_ matrix: Matrix<T>, symmetryTolerance: T? = nil) throws {
        let a = try matrix.requireSymmetric("cholesky", tolerance: symmetryTolerance)
        let n = a.rows
        var l = try Matrix<T>(rows: n, columns: n)
        for j in 0..<n {
            var d = a[j, j]
            for k in 0..<j { d -= l[j, k] * l[j, k] }
            guard d > .zero, d.isFinite else { throw NumericsError.notPositiveDefinite(column: j, pivot: Double(d)) }
            let ljj = d.squareRoot()
            l[j, j] = ljj
            for i in (j + 1)..<max(j + 1, n) {
                var s = a[i, j]
                for k in 0..<j { s -= l[i, k] * l[j, k] }
                l[i, j] = s / ljj
            }
        }
        self.lower = l
    }

    /// Solves A x = b by forward and back substitution.
    @inlinable
    public func solve(_ b: [T]) throws -> [T] {
        let n = lower.rows
        guard b.count == n else { throw NumericsError.dimensionMismatch(operation: "cholesky solve", expected: "length \(n)", got: "\(b.count)") }
        try b.requireFinite("cholesky solve")
        var y = b
        for i in 0..<n {
            var s = y[i]
            for k in 0..<i { s -= lower[i, k] * y[k] }
            y[i] = s / lower[i, i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var s = y[i]
            for k in (i + 1)..<max(i + 1, n) { s -= lower[k, i] * y[k] }
            y[i] = s / lower[i, i]
        }
        return y
    }

    /// log det A = 2 Σ log l_ii (A is positive definite, so the sign is +1).
    @inlinable
    public var logDeterminant: T {
        var s = T.zero
        for i in 0..<lower.rows { s += T.log(lower[i, i]) }
        return 2 * s
    }
}
