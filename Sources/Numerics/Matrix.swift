/// A dense, row-major matrix over any `Real` scalar.
///
/// Shape errors are reported by throwing `NumericsError`; element subscripts trap on an
/// out-of-range index exactly as `Array` does (that is a programming error, not bad data).
public struct Matrix<T: Real>: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major storage: element (i, j) is `elements[i * columns + j]`.
    public var elements: [T]

    @inlinable
    public init(rows: Int, columns: Int, repeating value: T = .zero) throws {
        guard rows >= 0, columns >= 0 else {
            throw NumericsError.invalidArgument(operation: "Matrix", detail: "negative shape \(rows)×\(columns)")
        }
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    @inlinable
    public init(rows: Int, columns: Int, elements: [T]) throws {
        guard rows >= 0, columns >= 0 else {
            throw NumericsError.invalidArgument(operation: "Matrix", detail: "negative shape \(rows)×\(columns)")
        }
        guard elements.count == rows * columns else {
            throw NumericsError.dimensionMismatch(operation: "Matrix", expected: "\(rows * columns) elements", got: "\(elements.count)")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// Builds a matrix from its rows; every row must have the same length.
    @inlinable
    public init(_ rowArrays: [[T]]) throws {
        let c = rowArrays.first?.count ?? 0
        for (i, r) in rowArrays.enumerated() where r.count != c {
            throw NumericsError.dimensionMismatch(operation: "Matrix(rows)", expected: "row length \(c)", got: "row \(i) of length \(r.count)")
        }
        try self.init(rows: rowArrays.count, columns: c, elements: rowArrays.flatMap { $0 })
    }

    @inlinable
    public static func identity(_ n: Int) throws -> Matrix {
        var m = try Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = .one }
        return m
    }

    @inlinable
    public static func diagonal(_ d: [T]) -> Matrix {
        var m = try! Matrix(rows: d.count, columns: d.count) // shape is non-negative by construction
        for i in 0..<d.count { m[i, i] = d[i] }
        return m
    }

    public var isSquare: Bool { rows == columns }

    @inlinable
    public subscript(i: Int, j: Int) -> T {
        get { elements[i * columns + j] }
        set { elements[i * columns + j] = newValue }
    }

    @inlinable
    public func row(_ i: Int) -> [T] { Array(elements[(i * columns)..<((i + 1) * columns)]) }

    @inlinable
    public func column(_ j: Int) -> [T] { (0..<rows).map { self[$0, j] } }

    @inlinable
    public var transposed: Matrix {
        var t = try! Matrix(rows: columns, columns: rows) // shape taken from a valid matrix
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    @inlinable
    public func multiplied(by b: Matrix) throws -> Matrix {
        guard columns == b.rows else {
            throw NumericsError.dimensionMismatch(operation: "matrix product", expected: "\(columns) rows on the right", got: "\(b.rows)")
        }
        var c = try Matrix(rows: rows, columns: b.columns)
        for i in 0..<rows {
            for k in 0..<columns {
                let a = self[i, k]
                if a == .zero { continue }
                for j in 0..<b.columns { c.elements[i * b.columns + j] += a * b.elements[k * b.columns + j] }
            }
        }
        return c
    }

    @inlinable
    public func applied(to v: [T]) throws -> [T] {
        guard v.count == columns else {
            throw NumericsError.dimensionMismatch(operation: "matrix-vector product", expected: "length \(columns)", got: "\(v.count)")
        }
        var out = Array(repeating: T.zero, count: rows)
        for i in 0..<rows {
            var s = T.zero
            for j in 0..<columns { s += elements[i * columns + j] * v[j] }
            out[i] = s
        }
        return out
    }

    @inlinable
    func sameShape(_ b: Matrix, _ op: String) throws {
        guard rows == b.rows, columns == b.columns else {
            throw NumericsError.dimensionMismatch(operation: op, expected: "\(rows)×\(columns)", got: "\(b.rows)×\(b.columns)")
        }
    }

    @inlinable
    public func adding(_ b: Matrix) throws -> Matrix {
        try sameShape(b, "matrix sum")
        return try Matrix(rows: rows, columns: columns, elements: zip(elements, b.elements).map { $0 + $1 })
    }

    @inlinable
    public func subtracting(_ b: Matrix) throws -> Matrix {
        try sameShape(b, "matrix difference")
        return try Matrix(rows: rows, columns: columns, elements: zip(elements, b.elements).map { $0 - $1 })
    }

    @inlinable
    public func scaled(by s: T) -> Matrix {
        var m = self
        for k in 0..<m.elements.count { m.elements[k] = s * m.elements[k] }
        return m
    }

    @inlinable
    public func trace() throws -> T {
        guard isSquare else { throw NumericsError.notSquare(operation: "trace", rows: rows, columns: columns) }
        var s = T.zero
        for i in 0..<rows { s += self[i, i] }
        return s
    }

    /// Kronecker product A ⊗ B: block (i, j) is a_ij · B. With row-major vectorisation,
    /// vec(A X Bᵀ) = (A ⊗ B) vec(X).
    @inlinable
    public func kronecker(_ b: Matrix) -> Matrix {
        var k = try! Matrix(rows: rows * b.rows, columns: columns * b.columns) // non-negative shape
        for i in 0..<rows {
            for j in 0..<columns {
                let a = self[i, j]
                for p in 0..<b.rows {
                    for q in 0..<b.columns { k[i * b.rows + p, j * b.columns + q] = a * b[p, q] }
                }
            }
        }
        return k
    }

    /// Outer product u vᵀ.
    @inlinable
    public static func outer(_ u: [T], _ v: [T]) -> Matrix {
        var m = try! Matrix(rows: u.count, columns: v.count) // non-negative shape
        for i in 0..<u.count { for j in 0..<v.count { m[i, j] = u[i] * v[j] } }
        return m
    }
}

extension Matrix where T: RealFloat {
    /// ‖A‖_F computed with scaling by max |a_ij|, so it neither overflows nor underflows when
    /// the true norm is representable. Relative error at most about (mn + 2)·ε.
    @inlinable
    public var frobeniusNorm: T { Vector.norm2(elements) }

    /// max |a_ij|.
    @inlinable
    public var maxAbs: T { elements.reduce(T.zero) { Swift.max($0, abs($1)) } }

    /// max_{i<j} |a_ij − a_ji|; throws `.notSquare` for a rectangular matrix.
    @inlinable
    public func maxAsymmetry() throws -> T {
        guard isSquare else { throw NumericsError.notSquare(operation: "symmetry check", rows: rows, columns: columns) }
        var m = T.zero
        for i in 0..<rows { for j in (i + 1)..<max(i + 1, columns) { m = Swift.max(m, abs(self[i, j] - self[j, i])) } }
        return m
    }

    /// The default symmetry tolerance: n·ε·‖A‖_F, i.e. the asymmetry that rounding in an
    /// O(n)-operation assembly of a symmetric matrix can produce (LAPACK-style units).
    @inlinable
    public var defaultSymmetryTolerance: T { T(rows) * T.ulpOfOne * frobeniusNorm }

    /// Checks that the matrix is square, finite and symmetric to `tolerance`
    /// (default `defaultSymmetryTolerance`), then returns (A + Aᵀ)/2, which is exactly symmetric.
    @inlinable
    public func requireSymmetric(_ operation: String, tolerance: T? = nil) throws -> Matrix {
        guard isSquare else { throw NumericsError.notSquare(operation: operation, rows: rows, columns: columns) }
        try elements.requireFinite(operation)
        let tol = tolerance ?? defaultSymmetryTolerance
        let asym = try maxAsymmetry()
        guard asym <= tol else {
            throw NumericsError.notSymmetric(operation: operation, maxAsymmetry: Double(asym), tolerance: Double(tol))
        }
        var s = self
        let half = T(0.5)
        for i in 0..<rows {
            for j in (i + 1)..<max(i + 1, columns) {
                let v = half * (self[i, j] + self[j, i])
                s[i, j] = v
                s[j, i] = v
            }
        }
        return s
    }

    /// Converts every entry exactly-or-nearest to another floating type (exact from Double to Float80).
    @inlinable
    public func converted<U: RealFloat>(to: U.Type) -> Matrix<U> {
        try! Matrix<U>(rows: rows, columns: columns, elements: elements.map { U($0) }) // same shape
    }
}

/// Vector operations on `[T]`. Length mismatches throw.
public enum Vector {
    @inlinable
    static func sameLength<T>(_ a: [T], _ b: [T], _ op: String) throws {
        guard a.count == b.count else {
            throw NumericsError.dimensionMismatch(operation: op, expected: "length \(a.count)", got: "\(b.count)")
        }
    }

    @inlinable
    public static func dot<T: Real>(_ a: [T], _ b: [T]) throws -> T {
        try sameLength(a, b, "dot")
        var s = T.zero
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    @inlinable
    public static func add<T: Real>(_ a: [T], _ b: [T]) throws -> [T] {
        try sameLength(a, b, "vector sum")
        return zip(a, b).map { $0 + $1 }
    }

    @inlinable
    public static func subtract<T: Real>(_ a: [T], _ b: [T]) throws -> [T] {
        try sameLength(a, b, "vector difference")
        return zip(a, b).map { $0 - $1 }
    }

    @inlinable
    public static func scale<T: Real>(_ a: [T], by s: T) -> [T] { a.map { s * $0 } }

    /// Euclidean norm with scaling by the largest magnitude (no spurious overflow or underflow).
    @inlinable
    public static func norm2<T: RealFloat>(_ a: [T]) -> T {
        var scale = T.zero
        for v in a { scale = Swift.max(scale, abs(v)) }
        if scale == .zero || !scale.isFinite { return scale }
        var s = T.zero
        for v in a { let r = v / scale; s += r * r }
        return scale * s.squareRoot()
    }

    @inlinable
    public static func maxAbs<T: RealFloat>(_ a: [T]) -> T { a.reduce(T.zero) { Swift.max($0, abs($1)) } }
}
