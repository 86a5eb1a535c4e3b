/// LU factorisation with partial (row) pivoting, P A = L U.
public struct LUDecomposition<T: RealFloat>: Sendable {
    /// L (unit lower, below the diagonal) and U (on and above) packed in one matrix.
    public let packed: Matrix<T>
    /// Row i of P A is row `permutation[i]` of A.
    public let permutation: [Int]
    /// +1 or −1: the sign of the permutation.
    public let permutationSign: Int
    /// Index of the first exactly-zero pivot, if any (the matrix is then singular).
    public let firstZeroPivot: Int?

    /// - Throws: `.notSquare`, `.nonFinite`. A singular matrix factors; solving with it throws.
    @inlinable
    public init(_ matrix: Matrix<T>) throws {
        guard matrix.isSquare else { throw NumericsError.notSquare(operation: "LU", rows: matrix.rows, columns: matrix.columns) }
        try matrix.elements.requireFinite("LU")
        let n = matrix.rows
        var a = matrix
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
    }

    /// Solves A x = b. Throws `.singular` when a pivot is exactly zero.
    @inlinable
    public func solve(_ b: [T]) throws -> [T] {
        let n = packed.rows
        guard b.count == n else { throw NumericsError.dimensionMismatch(operation: "LU solve", expected: "length \(n)", got: "\(b.count)") }
        try b.requireFinite("LU solve")
        if let k = firstZeroPivot { throw NumericsError.singular(operation: "LU solve", column: k) }
        var y = permutation.map { b[$0] }
        for i in 0..<n { for k in 0..<i { y[i] -= packed[i, k] * y[k] } }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<max(i + 1, n) { y[i] -= packed[i, k] * y[k] }
            y[i] /= packed[i, i]
        }
        return y
    }

    /// det A = sign(P) Π u_ii (0 for a singular matrix). May overflow for large n: prefer
    /// `logAbsDeterminant`.
    @inlinable
    public var determinant: T {
        var d = T(permutationSign)
        for i in 0..<packed.rows { d *= packed[i, i] }
        return d
    }

    /// (sign, log|det A|) without overflow. Throws `.singular` when det A = 0.
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
        return (sign, s)
    }
}
