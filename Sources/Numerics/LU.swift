/// LU factorisation with partial (row) pivoting, P·(2^k·A) = L U.
///
/// The factorisation runs on 2^k·A with max |2^k a_ij| ∈ [1, 2) (`scaleExponent` = k), an exact
/// scaling that commutes with every rounding: elimination on entries near the overflow
/// threshold cannot overflow (growth would need 2^1023), and subnormal entries are lifted into
/// the normal range before any subtraction. Solutions, determinants and their logarithms are
/// scaled back exactly and are bit-identical to the unscaled algorithm whenever that one
/// neither overflowed nor underflowed.
public struct LUDecomposition<T: RealFloat>: Sendable {
    /// L (unit lower, below the diagonal) and U (on and above) of P·(2^k·A), k = `scaleExponent`,
    /// packed in one matrix. k = 0 (the factors of A itself) when max |a_ij| ∈ [1, 2).
    public let packed: Matrix<T>
    /// Row i of P A is row `permutation[i]` of A.
    public let permutation: [Int]
    /// +1 or −1: the sign of the permutation.
    public let permutationSign: Int
    /// Index of the first exactly-zero pivot, if any (the matrix is then singular).
    public let firstZeroPivot: Int?
    /// The power of two k by which A was scaled before factoring (0 for the zero matrix).
    public let scaleExponent: Int

    /// - Throws: `.notSquare`, `.nonFinite` (any NaN or ±∞ entry). A singular matrix factors;
    ///   solving with it throws. The 0×0 matrix factors (determinant 1).
    @inlinable
    public init(_ matrix: Matrix<T>) throws {
        guard matrix.isSquare else { throw NumericsError.notSquare(operation: "LU", rows: matrix.rows, columns: matrix.columns) }
        try matrix.elements.requireFinite("LU")
        let n = matrix.rows
        let scale = Vector.unitRangeExponent(matrix.maxAbs)
        var a = try Matrix(rows: n, columns: n, elements: matrix.elements.map { Vector.timesPowerOfTwo($0, scale) })
        var perm = Array(0..<n)
        var sign = 1
        var zeroPivot: Int? = nil
        for k in 0..<n {
            var p = k
            var best = abs(a[k, k])
            for i in (k + 1)..<max(k + 1, n) where abs(a[i, k]) > best { best = abs(a[i, k]); p = i }
            if p != k {
                for j in 0..<n { let t = a[k, j]; a[k, j] = a[p, j]; a[p, j] = t }
                perm.swapAt(k, p)
                sign = -sign
            }
            let pivot = a[k, k]
            if pivot == .zero {
                if zeroPivot == nil { zeroPivot = k }
                continue
            }
            for i in (k + 1)..<max(k + 1, n) {
                let m = a[i, k] / pivot
                a[i, k] = m
                if m == .zero { continue }
                for j in (k + 1)..<n { a[i, j] -= m * a[k, j] }
            }
        }
        self.packed = a
        self.permutation = perm
        self.permutationSign = sign
        self.firstZeroPivot = zeroPivot
        self.scaleExponent = scale
    }

    /// Solves A x = b, with b scaled by a power of two (max |b_i| ∈ [1, 2)) before substitution
    /// and x scaled back exactly. An empty system gives [].
    /// - Throws: `.dimensionMismatch`; `.nonFinite` for a non-finite entry of b; `.singular` when
    ///   a pivot is exactly zero; `.outOfRange` when an entry of the solution exceeds
    ///   `greatestFiniteMagnitude` (A nearly singular relative to the size of b). Entries of x
    ///   below the normal range are rounded gradually.
    @inlinable
    public func solve(_ b: [T]) throws -> [T] {
        let n = packed.rows
        guard b.count == n else { throw NumericsError.dimensionMismatch(operation: "LU solve", expected: "length \(n)", got: "\(b.count)") }
        try b.requireFinite("LU solve")
        if let k = firstZeroPivot { throw NumericsError.singular(operation: "LU solve", column: k) }
        let e = Vector.unitRangeExponent(Vector.maxAbs(b))
        var y = permutation.map { Vector.timesPowerOfTwo(b[$0], e) }
        for i in 0..<n { for k in 0..<i { y[i] -= packed[i, k] * y[k] } }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, n) { y[i] -= packed[i, k] * y[k] }
            y[i] /= packed[i, i]
        }
        // 2^k A z = 2^e b, so x = 2^(k − e) z.
        let x = y.map { Vector.timesPowerOfTwo($0, scaleExponent - e) }
        for (i, v) in x.enumerated() where !v.isFinite {
            throw NumericsError.outOfRange(operation: "LU solve", detail: "solution entry \(i) exceeds the largest finite value")
        }
        return x
    }

    /// det A = sign(P) Π u_ii · 2^(−nk): 0 for a singular matrix, 1 for the 0×0 matrix. The
    /// product is formed with its binary exponent carried separately, so intermediate products
    /// cannot overflow or underflow; only the final value is rounded, to ±∞ when |det A| exceeds
    /// `greatestFiniteMagnitude` and gradually towards 0 below the normal range. Prefer
    /// `logAbsDeterminant()`, which is finite for every nonsingular A.
    @inlinable
    public var determinant: T {
        var d = T(permutationSign)
        var exponent = -packed.rows * scaleExponent
        for i in 0..<packed.rows {
            d *= packed[i, i]
            if d == .zero { return d }
            let e = Int(d.exponent)
            d = Vector.timesPowerOfTwo(d, -e)
            exponent += e
        }
        return Vector.timesPowerOfTwo(d, exponent)
    }

    /// (sign, log|det A|) without overflow: Σ log|u_ii| − n·k·log 2. Throws `.singular` when
    /// det A = 0. The 0×0 matrix gives (1, 0).
    @inlinable
    public func logAbsDeterminant() throws -> (sign: Int, logAbs: T) {
        if let k = firstZeroPivot { throw NumericsError.singular(operation: "log|det|", column: k) }
        var sign = permutationSign
        var s = T.zero
        for i in 0..<packed.rows {
            let u = packed[i, i]
            if u < .zero { sign = -sign }
            s += T.log(abs(u))
        }
        if scaleExponent != 0 { s -= T(packed.rows * scaleExponent) * T.log(2) }
        return (sign, s)
    }
}
