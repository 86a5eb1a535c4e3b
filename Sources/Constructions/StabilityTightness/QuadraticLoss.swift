import Numerics

/// The loss of the paper's quadratic constructions, f(w; (x, y)) = ½ wᵀAw − y·xᵀw with a
/// symmetric matrix A (convex when A ⪰ 0, non-convex otherwise), gradient Aw − y·x, Hessian A.
public struct QuadraticLoss: Sendable, Equatable {
    /// A, row-major, exact rationals (every construction in the catalog has rational entries).
    public let a: [[Rational]]

    /// Throws for an empty, non-square or non-symmetric matrix.
    public init(_ a: [[Rational]]) throws {
        guard !a.isEmpty else { throw NumericsError.empty(operation: "QuadraticLoss") }
        for (i, row) in a.enumerated() where row.count != a.count {
            throw NumericsError.notSquare(operation: "QuadraticLoss", rows: a.count, columns: row.count + 0 * i)
        }
        for i in 0..<a.count { for j in 0..<i where a[i][j] != a[j][i] {
            throw NumericsError.notSymmetric(operation: "QuadraticLoss", maxAsymmetry: try (a[i][j] - a[j][i]).magnitude.doubleValue, tolerance: 0)
        } }
        self.a = a
    }

    /// A = diag(entries).
    public static func diagonal(_ entries: [Rational]) throws -> QuadraticLoss {
        try QuadraticLoss((0..<entries.count).map { i in (0..<entries.count).map { $0 == i ? entries[i] : .zero } })
    }

    public var dimension: Int { a.count }

    /// Aw − y·x in precision T (A and the data converted exactly or rounded once).
    @inlinable
    public func gradient<T: RealFloat>(_ w: [T], _ z: LabeledPoint, matrix: [[T]]) -> [T] {
        var g = [T](repeating: .zero, count: w.count)
        for i in 0..<w.count {
            var s = T.zero
            for j in 0..<w.count where matrix[i][j] != .zero { s += matrix[i][j] * w[j] }
            g[i] = s - T(z.y) * T(z.x[i])
        }
        return g
    }

    /// ½ wᵀAw − y·xᵀw in precision T.
    @inlinable
    public func value<T: RealFloat>(_ w: [T], _ z: LabeledPoint, matrix: [[T]]) -> T {
        var q = T.zero, lin = T.zero
        for i in 0..<w.count {
            var s = T.zero
            for j in 0..<w.count { s += matrix[i][j] * w[j] }
            q += w[i] * s
            lin += T(z.x[i]) * w[i]
        }
        return q / 2 - T(z.y) * lin
    }

    /// A in precision T (each rational rounded once).
    public func matrix<T: RealFloat>(_: T.Type) -> [[T]] { a.map { $0.map { T($0.numerator) / T($0.denominator) } } }
}
