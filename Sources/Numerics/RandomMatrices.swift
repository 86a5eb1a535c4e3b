/// Random test matrices with known structure, drawn from a `SeededGenerator`.
extension Matrix where T: RealFloat {
    /// i.i.d. N(0, 1) entries (always finite). Throws `.invalidArgument` for a negative shape or
    /// more than `Int.max` elements, before drawing anything.
    public static func randomGaussian(rows: Int, columns: Int, using rng: inout SeededGenerator) throws -> Matrix {
        let count = try elementCount(rows, columns, "randomGaussian")
        return try Matrix(rows: rows, columns: columns, elements: (0..<count).map { _ in rng.normal(T.self) })
    }

    /// A symmetric matrix with i.i.d. N(0, 1) entries on and above the diagonal; throws like
    /// `Matrix(rows:columns:)` for n < 0 or n² > `Int.max`.
    public static func randomSymmetric(_ n: Int, using rng: inout SeededGenerator) throws -> Matrix {
        var a = try Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0...i { let v = rng.normal(T.self); a[i, j] = v; a[j, i] = v } }
        return a
    }

    /// A random orthogonal matrix, the product of n Householder reflections I − 2vvᵀ/vᵀv with
    /// Gaussian v. Orthogonal to O(n·ε); dense, so it hides any structure of what it rotates.
    /// Throws like `Matrix.identity` for a bad n.
    public static func randomOrthogonal(_ n: Int, using rng: inout SeededGenerator) throws -> Matrix {
        var q = try Matrix.identity(n)
        for _ in 0..<n {
            let v = (0..<n).map { _ in rng.normal(T.self) }
            let vv = try Vector.dot(v, v)
            if vv == .zero { continue }
            let qv = try q.applied(to: v)
            for i in 0..<n { for j in 0..<n { q[i, j] -= 2 * qv[i] * v[j] / vv } }
        }
        return q
    }

    /// Q diag(λ) Qᵀ for a random orthogonal Q, symmetrised exactly; its spectrum is λ up to
    /// the O(n·ε·‖λ‖) rounding of the product. Throws `.nonFinite` for a non-finite λ_i;
    /// |λ_i| near the overflow threshold can overflow the product (then `.nonFinite` as well).
    public static func symmetric(eigenvalues lambda: [T], using rng: inout SeededGenerator) throws -> Matrix {
        try lambda.requireFinite("symmetric(eigenvalues:)")
        let q = try randomOrthogonal(lambda.count, using: &rng)
        let a = try q.multiplied(by: Matrix.diagonal(lambda)).multiplied(by: q.transposed)
        return try a.requireSymmetric("symmetric(eigenvalues:)", tolerance: .infinity)
    }
}
