/// Vector and matrix helpers over `Rational` for exact-tier checks. Every operation throws on
/// a shape mismatch (`.dimensionMismatch`, `.notSquare`) or when an exact result does not fit
/// in 128 bits (`.overflow`); nothing is rounded, and there are no non-finite values. Sums
/// (dot products, traces) go through `Rational.sum`, so an overflowing partial sum alone is
/// not an error. Empty vectors and matrices are valid (dot product 0, trace 0).
public enum Exact {
    /// A vector of exact rationals.
    public typealias Vector = [Rational]
    /// A matrix of exact rationals, as an array of rows.
    public typealias Matrix = [[Rational]]

    static func sameLength(_ a: Vector, _ b: Vector, _ op: String) throws {
        guard a.count == b.count else {
            throw NumericsError.dimensionMismatch(operation: op, expected: "length \(a.count)", got: "\(b.count)")
        }
    }

    /// Σ a_i b_i exactly; `.overflow` only when a product a_i b_i or the total does not fit
    /// (partial sums are handled by `Rational.sum`).
    public static func dot(_ a: Vector, _ b: Vector) throws -> Rational {
        try sameLength(a, b, "exact dot")
        return try Rational.sum((0..<a.count).map { try a[$0] * b[$0] })
    }

    /// a + b elementwise; `.dimensionMismatch`, `.overflow` when an entry does not fit.
    public static func add(_ a: Vector, _ b: Vector) throws -> Vector {
        try sameLength(a, b, "exact vector sum")
        return try zip(a, b).map { try $0 + $1 }
    }

    /// a − b elementwise; `.dimensionMismatch`, `.overflow` when an entry does not fit.
    public static func subtract(_ a: Vector, _ b: Vector) throws -> Vector {
        try sameLength(a, b, "exact vector difference")
        return try zip(a, b).map { try $0 - $1 }
    }

    /// s·a; `.overflow` when an entry does not fit.
    public static func scale(_ a: Vector, by s: Rational) throws -> Vector { try a.map { try s * $0 } }

    /// Σ a_i² exactly (0 for an empty vector); `.overflow` as for `dot`.
    public static func squaredNorm(_ a: Vector) throws -> Rational { try dot(a, a) }

    /// u vᵀ; `.overflow` when an entry does not fit. Empty u gives no rows.
    public static func outer(_ u: Vector, _ v: Vector) throws -> Matrix { try u.map { ui in try v.map { try ui * $0 } } }

    /// The r×c zero matrix. Precondition: r, c ≥ 0 (as for `Array(repeating:count:)`).
    public static func zeros(_ r: Int, _ c: Int) -> Matrix { Array(repeating: Array(repeating: .zero, count: c), count: r) }

    /// A + B; `.dimensionMismatch` for different shapes, `.overflow` when an entry does not fit.
    public static func add(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        guard a.count == b.count else {
            throw NumericsError.dimensionMismatch(operation: "exact matrix sum", expected: "\(a.count) rows", got: "\(b.count)")
        }
        return try zip(a, b).map { try add($0, $1) }
    }

    /// A − B; `.dimensionMismatch` for different shapes, `.overflow` when an entry does not fit.
    public static func subtract(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        guard a.count == b.count else {
            throw NumericsError.dimensionMismatch(operation: "exact matrix difference", expected: "\(a.count) rows", got: "\(b.count)")
        }
        return try zip(a, b).map { try subtract($0, $1) }
    }

    /// s·A; `.overflow` when an entry does not fit.
    public static func scale(_ a: Matrix, by s: Rational) throws -> Matrix { try a.map { try scale($0, by: s) } }

    /// A v, one exact dot product per row; `.dimensionMismatch`, `.overflow` as for `dot`.
    public static func apply(_ a: Matrix, _ v: Vector) throws -> Vector { try a.map { try dot($0, v) } }

    /// Σ a_ii via `Rational.sum` (0 for the empty matrix); `.notSquare`, `.overflow` only when
    /// the total (or a sign-balanced partial sum) does not fit.
    public static func trace(_ a: Matrix) throws -> Rational {
        for (i, r) in a.enumerated() where r.count != a.count {
            throw NumericsError.notSquare(operation: "exact trace", rows: a.count, columns: a[i].count)
        }
        return try Rational.sum((0..<a.count).map { a[$0][$0] })
    }

    /// max |a_ij − b_ij|, exactly; 0 means the matrices are identical (and for empty matrices).
    /// `.dimensionMismatch` for different shapes, `.overflow` when a difference does not fit.
    public static func maxAbsDifference(_ a: Matrix, _ b: Matrix) throws -> Rational {
        let d = try subtract(a, b)
        return d.joined().map(\.magnitude).max() ?? .zero
    }
}

extension Exact {
    /// The solution of A·x = b and det A by Gaussian elimination in exact rationals (first non-zero pivot;
    /// no rounding, so no pivoting strategy is needed for accuracy). Throws `.notSquare` or
    /// `.dimensionMismatch` for bad shapes, `.singular` when det A = 0, `.overflow` beyond 128 bits.
    public static func solve(_ a: Matrix, _ b: Vector) throws -> (x: Vector, determinant: Rational) {
        let n = a.count
        guard a.allSatisfy({ $0.count == n }) else { throw NumericsError.notSquare(operation: "exact solve", rows: n, columns: a.first?.count ?? 0) }
        guard b.count == n else { throw NumericsError.dimensionMismatch(operation: "exact solve", expected: "\(n) right-hand entries", got: "\(b.count)") }
        var m = a, r = b
        var det = Rational.one
        for col in 0..<n {
            guard let p = (col..<n).first(where: { !m[$0][col].isZero }) else { throw NumericsError.singular(operation: "exact solve", column: col) }
            if p != col { m.swapAt(p, col); r.swapAt(p, col); det = -det }
            det = try det * m[col][col]
            for row in (col + 1)..<max(n, col + 1) {
                let f = try m[row][col] / m[col][col]
                if f.isZero { continue }
                for k in col..<n { m[row][k] = try m[row][k] - f * m[col][k] }
                r[row] = try r[row] - f * r[col]
            }
        }
        var x = Array(repeating: Rational.zero, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = r[row]
            for k in (row + 1)..<max(n, row + 1) { s = try s - m[row][k] * x[k] }
            x[row] = try s / m[row][row]
        }
        return (x, det)
    }
}

extension Exact {
    /// The inertia test for a symmetric rational matrix by symmetric Gaussian elimination with diagonal
    /// pivoting: returns whether it is positive semidefinite, and whether it is positive definite. Exact — no
    /// tolerance — so boundary cases (a singular PSD matrix) are decided correctly. A PSD matrix with a zero
    /// diagonal entry has a zero row, which the test uses when no positive pivot is left.
    /// Throws `.notSquare`, `.notSymmetric` (exact asymmetry), `.overflow`.
    public static func definiteness(_ a: Matrix) throws -> (semidefinite: Bool, definite: Bool) {
        let n = a.count
        guard a.allSatisfy({ $0.count == n }) else { throw NumericsError.notSquare(operation: "exact definiteness", rows: n, columns: a.first?.count ?? 0) }
        for i in 0..<n { for j in 0..<i where a[i][j] != a[j][i] {
            throw NumericsError.notSymmetric(operation: "exact definiteness", maxAsymmetry: try (a[i][j] - a[j][i]).magnitude.doubleValue, tolerance: 0)
        } }
        var m = a
        var active = Array(0..<n)
        while !active.isEmpty {
            // Largest diagonal entry among the active indices.
            let p = active.max { m[$0][$0] < m[$1][$1] }! // active is non-empty
            let pivot = m[p][p]
            if pivot < .zero { return (false, false) }
            if pivot.isZero {
                // Every active diagonal is 0: PSD iff the active block is 0.
                for i in active { for j in active where !m[i][j].isZero { return (false, false) } }
                return (true, false)
            }
            active.removeAll { $0 == p }
            for i in active {
                let f = try m[i][p] / pivot
                if f.isZero { continue }
                for j in active { m[i][j] = try m[i][j] - f * m[p][j] }
            }
        }
        return (true, true)
    }
}

extension Exact {
    /// A·B exactly; `.dimensionMismatch` for incompatible shapes, `.overflow` beyond 128 bits.
    public static func multiply(_ a: Matrix, _ b: Matrix) throws -> Matrix {
        guard let inner = a.first?.count, inner == b.count else {
            throw NumericsError.dimensionMismatch(operation: "exact matrix product", expected: "\(a.first?.count ?? 0) rows in B", got: "\(b.count)")
        }
        let cols = b.first?.count ?? 0
        return try a.map { row in try (0..<cols).map { j in try Rational.sum((0..<inner).map { try row[$0] * b[$0][j] }) } }
    }
}


extension Exact {
    /// The rank of a rational matrix by exact Gaussian elimination (`.overflow` beyond 128 bits).
    public static func rank(_ a: Matrix) throws -> Int {
        var m = a
        let rows = m.count, cols = m.first?.count ?? 0
        var r = 0
        for c in 0..<cols where r < rows {
            guard let p = (r..<rows).first(where: { !m[$0][c].isZero }) else { continue }
            m.swapAt(p, r)
            for i in (r + 1)..<max(rows, r + 1) {
                let f = try m[i][c] / m[r][c]
                if f.isZero { continue }
                for k in c..<cols { m[i][k] = try m[i][k] - f * m[r][k] }
            }
            r += 1
        }
        return r
    }
}
