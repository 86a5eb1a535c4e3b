/// A dense, row-major matrix over any `Real` scalar.
///
/// Shape errors are reported by throwing `NumericsError`: a negative dimension, or a shape
/// whose element count rows·columns exceeds `Int.max`, is `.invalidArgument`. Element
/// subscripts trap on an out-of-range index exactly as `Array` does (that is a programming
/// error, not bad data).
///
/// Non-finite entries: storing them is allowed. The arithmetic (products, sums, scaling,
/// trace, Kronecker and outer products) is IEEE arithmetic over a generic `Real` and
/// *propagates* NaN and ±∞ — no term is skipped, so 0·NaN is NaN — and a result that
/// overflows becomes ±∞ or NaN, never a wrong finite number. The checked entry points
/// (`requireSymmetric` and every factorisation) throw `.nonFinite` instead.
public struct Matrix<T: Real>: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major storage: element (i, j) is `elements[i * columns + j]`.
    public var elements: [T]

    /// rows·columns, or `.invalidArgument` for a negative dimension or a count above `Int.max`.
    @inlinable
    static func elementCount(_ rows: Int, _ columns: Int, _ operation: String) throws -> Int {
        guard rows >= 0, columns >= 0 else {
            throw NumericsError.invalidArgument(operation: operation, detail: "negative shape \(rows)×\(columns)")
        }
        let (count, overflow) = rows.multipliedReportingOverflow(by: columns)
        guard !overflow else {
            throw NumericsError.invalidArgument(operation: operation, detail: "shape \(rows)×\(columns) has more than Int.max elements")
        }
        return count
    }

    /// A rows×columns matrix filled with `value` (zero by default; any value, NaN included, is stored).
    /// - Throws: `.invalidArgument` for a negative dimension or more than `Int.max` elements.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: T = .zero) throws {
        let count = try Self.elementCount(rows, columns, "Matrix")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: count)
    }

    /// A matrix over row-major `elements` (stored as given, non-finite values included).
    /// - Throws: `.invalidArgument` for a negative dimension or more than `Int.max` elements,
    ///   `.dimensionMismatch` when `elements.count` ≠ rows·columns.
    @inlinable
    public init(rows: Int, columns: Int, elements: [T]) throws {
        let count = try Self.elementCount(rows, columns, "Matrix")
        guard elements.count == count else {
            throw NumericsError.dimensionMismatch(operation: "Matrix", expected: "\(count) elements", got: "\(elements.count)")
        }
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// Builds a matrix from its rows; every row must have the same length (`.dimensionMismatch`
    /// otherwise). No rows gives the 0×0 matrix.
    @inlinable
    public init(_ rowArrays: [[T]]) throws {
        let c = rowArrays.first?.count ?? 0
        for (i, r) in rowArrays.enumerated() where r.count != c {
            throw NumericsError.dimensionMismatch(operation: "Matrix(rows)", expected: "row length \(c)", got: "row \(i) of length \(r.count)")
        }
        try self.init(rows: rowArrays.count, columns: c, elements: rowArrays.flatMap { $0 })
    }

    /// The n×n identity. Throws `.invalidArgument` for n < 0 or n² > `Int.max`.
    @inlinable
    public static func identity(_ n: Int) throws -> Matrix {
        var m = try Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = .one }
        return m
    }

    /// diag(d); entries are stored as given. Precondition: d.count² ≤ `Int.max` (an array of
    /// more than 3·10⁹ entries could not be allocated as a matrix in any case; use
    /// `Matrix(rows:columns:)` and set the diagonal to get an error instead of a trap).
    @inlinable
    public static func diagonal(_ d: [T]) -> Matrix {
        var m = try! Matrix(rows: d.count, columns: d.count) // d.count ≥ 0; d.count² fits by the precondition
        for i in 0..<d.count { m[i, i] = d[i] }
        return m
    }

    /// rows == columns (true for 0×0).
    public var isSquare: Bool { rows == columns }

    /// Element (i, j); traps on an out-of-range index like `Array`.
    @inlinable
    public subscript(i: Int, j: Int) -> T {
        get { elements[i * columns + j] }
        set { elements[i * columns + j] = newValue }
    }

    /// Row i (traps when out of range); empty for a matrix with no columns.
    @inlinable
    public func row(_ i: Int) -> [T] { Array(elements[(i * columns)..<((i + 1) * columns)]) }

    /// Column j (traps when out of range for a matrix with rows); empty for a matrix with no rows.
    @inlinable
    public func column(_ j: Int) -> [T] { (0..<rows).map { self[$0, j] } }

    /// Aᵀ; entries, non-finite ones included, are copied unchanged.
    @inlinable
    public var transposed: Matrix {
        var t = try! Matrix(rows: columns, columns: rows) // shape taken from a valid matrix
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// The product A·B. Throws `.dimensionMismatch` unless columns == b.rows. Propagates
    /// non-finite entries: every term a_ik·b_kj is added, so 0·NaN and 0·∞ give NaN (a zero
    /// entry is not skipped). Overflowing sums give ±∞ or NaN. An empty inner dimension gives zeros.
    @inlinable
    public func multiplied(by b: Matrix) throws -> Matrix {
        guard columns == b.rows else {
            throw NumericsError.dimensionMismatch(operation: "matrix product", expected: "\(columns) rows on the right", got: "\(b.rows)")
        }
        var c = try Matrix(rows: rows, columns: b.columns)
        for i in 0..<rows {
            for k in 0..<columns {
                let a = self[i, k]
                for j in 0..<b.columns { c.elements[i * b.columns + j] += a * b.elements[k * b.columns + j] }
            }
        }
        return c
    }

    /// The product A·v. Throws `.dimensionMismatch` unless v.count == columns. Propagates
    /// non-finite values (0·NaN is NaN); overflow gives ±∞ or NaN.
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

    /// A + B elementwise; `.dimensionMismatch` for different shapes. Propagates NaN and ±∞.
    @inlinable
    public func adding(_ b: Matrix) throws -> Matrix {
        try sameShape(b, "matrix sum")
        return try Matrix(rows: rows, columns: columns, elements: zip(elements, b.elements).map { $0 + $1 })
    }

    /// A − B elementwise; `.dimensionMismatch` for different shapes. Propagates NaN and ±∞.
    @inlinable
    public func subtracting(_ b: Matrix) throws -> Matrix {
        try sameShape(b, "matrix difference")
        return try Matrix(rows: rows, columns: columns, elements: zip(elements, b.elements).map { $0 - $1 })
    }

    /// s·A. Propagates NaN and ±∞ (0·∞ is NaN); overflow gives ±∞.
    @inlinable
    public func scaled(by s: T) -> Matrix {
        var m = self
        for k in 0..<m.elements.count { m.elements[k] = s * m.elements[k] }
        return m
    }

    /// Σ a_ii; `.notSquare` for a rectangular matrix, 0 for the 0×0 matrix. Propagates NaN and ±∞.
    @inlinable
    public func trace() throws -> T {
        guard isSquare else { throw NumericsError.notSquare(operation: "trace", rows: rows, columns: columns) }
        var s = T.zero
        for i in 0..<rows { s += self[i, i] }
        return s
    }

    /// Kronecker product A ⊗ B: block (i, j) is a_ij · B. With row-major vectorisation,
    /// vec(A X Bᵀ) = (A ⊗ B) vec(X). Propagates NaN and ±∞ (0·NaN is NaN).
    ///
    /// Precondition: the product's dimensions and element count fit in `Int` (they can only fail
    /// to for matrices with a zero dimension, e.g. two Int.max×0 matrices). `kroneckerProduct(_:)`
    /// is the same operation with a thrown error instead of a trap.
    @inlinable
    public func kronecker(_ b: Matrix) -> Matrix {
        do { return try kroneckerProduct(b) } catch { preconditionFailure("\(error); use kroneckerProduct(_:) to catch this") }
    }

    /// A ⊗ B as `kronecker(_:)`, throwing `.invalidArgument` when a dimension of the product or
    /// its element count exceeds `Int.max`.
    @inlinable
    public func kroneckerProduct(_ b: Matrix) throws -> Matrix {
        let (r, ro) = rows.multipliedReportingOverflow(by: b.rows)
        let (c, co) = columns.multipliedReportingOverflow(by: b.columns)
        guard !ro, !co else {
            throw NumericsError.invalidArgument(operation: "kronecker", detail: "shape (\(rows)·\(b.rows))×(\(columns)·\(b.columns)) exceeds Int.max")
        }
        var k = try Matrix(rows: r, columns: c)
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

    /// Outer product u vᵀ; propagates NaN and ±∞ (0·NaN is NaN). Precondition: u.count·v.count
    /// ≤ `Int.max` (two arrays large enough to violate it cannot be allocated on current machines).
    @inlinable
    public static func outer(_ u: [T], _ v: [T]) -> Matrix {
        var m = try! Matrix(rows: u.count, columns: v.count) // non-negative shape; count fits by the precondition
        for i in 0..<u.count { for j in 0..<v.count { m[i, j] = u[i] * v[j] } }
        return m
    }
}

extension Matrix where T: RealFloat {
    /// ‖A‖_F, computed after an exact power-of-two scaling by max |a_ij|, so it neither
    /// overflows nor underflows when the true norm is representable; relative error at most
    /// about (mn + 2)·ε. Non-finite input propagates: NaN if any entry is NaN, otherwise +∞ if
    /// any entry is infinite. A true norm beyond `greatestFiniteMagnitude` gives +∞ (possible
    /// only with entries above greatest/√(mn)). Empty: 0.
    @inlinable
    public var frobeniusNorm: T { Vector.norm2(elements) }

    /// max |a_ij|: NaN if any entry is NaN (NaN is never skipped), +∞ if any is infinite, 0 if empty.
    @inlinable
    public var maxAbs: T { Vector.maxAbs(elements) }

    /// max_{i<j} |a_ij − a_ji|; throws `.notSquare` for a rectangular matrix. NaN if any
    /// compared entry is NaN or if a pair of equal infinities is compared (∞ − ∞); +∞ when a
    /// difference of finite entries overflows (|a_ij − a_ji| > greatestFiniteMagnitude).
    /// 0 for n ≤ 1.
    @inlinable
    public func maxAsymmetry() throws -> T {
        guard isSquare else { throw NumericsError.notSquare(operation: "symmetry check", rows: rows, columns: columns) }
        var m = T.zero
        for i in 0..<rows {
            for j in (i + 1)..<max(i + 1, columns) {
                let d = abs(self[i, j] - self[j, i])
                if d.isNaN { return .nan }
                m = Swift.max(m, d)
            }
        }
        return m
    }

    /// The default symmetry tolerance: n·ε·‖A‖_F, i.e. the asymmetry that rounding in an
    /// O(n)-operation assembly of a symmetric matrix can produce (LAPACK-style units).
    /// Computed as n·ε·(‖2^k A‖_F)·2^(−k) with an exact power-of-two scaling, so it is finite
    /// for every finite A (n < 10⁷) even when ‖A‖_F itself overflows; for tiny A it underflows
    /// gradually (the checks in `requireSymmetric` compare in the scaled units instead).
    /// NaN if an entry is NaN, +∞ if one is infinite, 0 for an empty or zero matrix.
    @inlinable
    public var defaultSymmetryTolerance: T {
        guard let (k, sum) = Vector.scaledSumOfSquares(elements) else { return Vector.maxAbs(elements) }
        return Vector.timesPowerOfTwo(T(rows) * T.ulpOfOne * sum.squareRoot(), -k)
    }

    /// Checks that the matrix is square, finite and symmetric to `tolerance`
    /// (default `defaultSymmetryTolerance`), then returns (A + Aᵀ)/2, which is exactly symmetric.
    ///
    /// The comparison is made after scaling A by the power of two 2^k that puts max |a_ij| in
    /// [1, 2): exact, so entries near the overflow threshold cannot overflow |a_ij − a_ji| or
    /// n·ε·‖A‖_F, and tiny or subnormal entries are compared with a tolerance that has not
    /// underflowed. Each averaged entry is computed as a/2 + b/2 when a + b would overflow.
    /// - Throws: `.notSquare`; `.nonFinite` for any NaN or ±∞ entry; `.invalidArgument` for a
    ///   negative or NaN `tolerance` (+∞ accepts any finite matrix); `.notSymmetric` when
    ///   max |a_ij − a_ji| exceeds the tolerance. The 0×0 and 1×1 matrices pass.
    @inlinable
    public func requireSymmetric(_ operation: String, tolerance: T? = nil) throws -> Matrix {
        guard isSquare else { throw NumericsError.notSquare(operation: operation, rows: rows, columns: columns) }
        try elements.requireFinite(operation)
        if let t = tolerance, t.isNaN || t < .zero {
            throw NumericsError.invalidArgument(operation: operation, detail: "symmetry tolerance \(t) must be ≥ 0")
        }
        let k = Vector.unitRangeExponent(Vector.maxAbs(elements))
        var asym = T.zero
        // Scaling up by 2^k is exact: a plain product gives the same bits as timesPowerOfTwo.
        let exactFactor: T? = k >= 0 && k <= Int(T.greatestFiniteMagnitude.exponent)
            ? T(sign: .plus, exponent: T.Exponent(k), significand: 1) : nil
        // The pairs (i, j), i < j, visited in 32×32 tiles so that the transposed reads stay in
        // cache (the maximum does not depend on the order).
        Self.forEachUpperPairTiled(rows) { i, j in
            let a = self.elements[i * rows + j], b = self.elements[j * rows + i]
            let d: T
            if let f = exactFactor { d = abs(a * f - b * f) } else { d = abs(Vector.timesPowerOfTwo(a, k) - Vector.timesPowerOfTwo(b, k)) }
            asym = Swift.max(asym, d)
        }
        let tol: T
        if let t = tolerance {
            tol = Vector.timesPowerOfTwo(t, k)
        } else if let (k2, sum) = Vector.scaledSumOfSquares(elements) {
            // ‖2^k A‖_F = 2^(k−k2)·√sum; both scalings put the largest entry in [1, 2), so k2 = k.
            tol = Vector.timesPowerOfTwo(T(rows) * T.ulpOfOne * sum.squareRoot(), k - k2)
        } else {
            tol = .zero
        }
        guard asym <= tol else {
            throw NumericsError.notSymmetric(operation: operation,
                                             maxAsymmetry: Double(Vector.timesPowerOfTwo(asym, -k)),
                                             tolerance: Double(Vector.timesPowerOfTwo(tol, -k)))
        }
        var s = self
        let half = T(0.5)
        Self.forEachUpperPairTiled(rows) { i, j in
            let a = self.elements[i * rows + j], b = self.elements[j * rows + i]
            let sum = a + b
            let v = sum.isFinite ? half * sum : half * a + half * b
            s.elements[i * rows + j] = v
            s.elements[j * rows + i] = v
        }
        return s
    }

    /// Calls `body(i, j)` for every 0 ≤ i < j < n, in 32×32 tiles of the upper triangle.
    @inlinable @inline(__always)
    static func forEachUpperPairTiled(_ n: Int, _ body: (Int, Int) -> Void) {
        let tile = 32
        var ib = 0
        while ib < n {
            var jb = ib
            while jb < n {
                for i in ib..<Swift.min(ib + tile, n) {
                    var j = Swift.max(jb, i + 1)
                    let end = Swift.min(jb + tile, n)
                    while j < end { body(i, j); j += 1 }
                }
                jb += tile
            }
            ib += tile
        }
    }

    /// Converts every entry to another floating type: exact from Double to Float80 (the Float80
    /// matrix is the exact image of the Double one), correctly rounded otherwise (values beyond
    /// the target's range become ±∞). NaN and ±∞ are carried over.
    @inlinable
    public func converted<U: RealFloat>(to: U.Type) -> Matrix<U> {
        try! Matrix<U>(rows: rows, columns: columns, elements: elements.map { U($0) }) // same shape
    }
}

/// Vector operations on `[T]`. Length mismatches throw `.dimensionMismatch`; empty vectors are
/// valid (dot product 0, norm 0). The arithmetic propagates NaN and ±∞ (0·NaN is NaN) and
/// overflows to ±∞ or NaN, never to a wrong finite number.
public enum Vector {
    @inlinable
    static func sameLength<T>(_ a: [T], _ b: [T], _ op: String) throws {
        guard a.count == b.count else {
            throw NumericsError.dimensionMismatch(operation: op, expected: "length \(a.count)", got: "\(b.count)")
        }
    }

    /// Σ a_i b_i, left to right; propagates NaN and ±∞, 0 for empty vectors.
    @inlinable
    public static func dot<T: Real>(_ a: [T], _ b: [T]) throws -> T {
        try sameLength(a, b, "dot")
        var s = T.zero
        for i in 0..<a.count { s += a[i] * b[i] }
        return s
    }

    /// a + b elementwise; propagates NaN and ±∞.
    @inlinable
    public static func add<T: Real>(_ a: [T], _ b: [T]) throws -> [T] {
        try sameLength(a, b, "vector sum")
        return zip(a, b).map { $0 + $1 }
    }

    /// a − b elementwise; propagates NaN and ±∞.
    @inlinable
    public static func subtract<T: Real>(_ a: [T], _ b: [T]) throws -> [T] {
        try sameLength(a, b, "vector difference")
        return zip(a, b).map { $0 - $1 }
    }

    /// s·a elementwise; propagates NaN and ±∞ (0·∞ is NaN).
    @inlinable
    public static func scale<T: Real>(_ a: [T], by s: T) -> [T] { a.map { s * $0 } }

    /// Euclidean norm, computed after an exact power-of-two scaling by the largest magnitude
    /// (no spurious overflow or underflow; relative error about (n + 2)·ε). NaN if any entry is
    /// NaN, otherwise +∞ if any is infinite; +∞ when the true norm exceeds
    /// `greatestFiniteMagnitude`; 0 for an empty or zero vector.
    @inlinable
    public static func norm2<T: RealFloat>(_ a: [T]) -> T {
        guard let (k, sum) = scaledSumOfSquares(a) else { return maxAbs(a) }
        return timesPowerOfTwo(sum.squareRoot(), -k)
    }

    /// max |a_i|: NaN if any entry is NaN (whatever its position), otherwise +∞ if any entry is
    /// infinite; 0 for an empty vector.
    @inlinable
    public static func maxAbs<T: RealFloat>(_ a: [T]) -> T {
        var m = T.zero
        for v in a {
            if v.isNaN { return .nan }
            m = Swift.max(m, abs(v))
        }
        return m
    }

    /// x·2^k with a single correct rounding: exact unless the result is subnormal (then rounded
    /// once to nearest, ties to even, like one IEEE multiplication) or overflows (±∞).
    /// NaN, ±∞ and ±0 are returned unchanged.
    @inlinable
    static func timesPowerOfTwo<T: RealFloat>(_ x: T, _ k: Int) -> T {
        if k == 0 || !x.isFinite || x == .zero { return x }
        let e = Int(x.exponent)
        // Scaling up, or down into the normal range, is exact (overflow aside).
        if k > 0 || e + k >= Int(T.leastNormalMagnitude.exponent) {
            return T(sign: .plus, exponent: T.Exponent(k), significand: x)
        }
        // The result is subnormal or zero. y = x·2^(−e) ∈ [1, 2) is exact; then one rounding.
        let y = T(sign: .plus, exponent: T.Exponent(-e), significand: x)
        let target = e + k
        let least = Int(T.leastNonzeroMagnitude.exponent)
        if target >= least { return y * T(sign: .plus, exponent: T.Exponent(target), significand: 1) }
        let zero: T = y < .zero ? -.zero : .zero
        // |x·2^k| ∈ [½, 1)·leastNonzero rounds up unless it is exactly the tie ½ (even neighbour 0).
        if target == least - 1 && abs(y) > 1 { return y < .zero ? -T.leastNonzeroMagnitude : T.leastNonzeroMagnitude }
        return zero
    }

    /// The k with m·2^k ∈ [1, 2) for finite m > 0 (subnormal m included); 0 for 0, ∞ or NaN.
    @inlinable
    static func unitRangeExponent<T: RealFloat>(_ m: T) -> Int {
        m > .zero && m.isFinite ? -Int(m.exponent) : 0
    }

    /// (k, Σ (2^k a_i)²) with max |2^k a_i| ∈ [1, 2), so the sum lies in [1, 4n) and neither
    /// overflows nor underflows (terms below 2^-537 relative to the largest underflow, changing
    /// the sum by less than 2^-1074 relative). nil when the vector is empty, zero or non-finite.
    @inlinable
    static func scaledSumOfSquares<T: RealFloat>(_ a: [T]) -> (Int, T)? {
        let m = maxAbs(a)
        guard m > .zero, m.isFinite else { return nil }
        let k = unitRangeExponent(m)
        var s = T.zero
        for v in a { let r = timesPowerOfTwo(v, k); s += r * r }
        return (k, s)
    }
}
