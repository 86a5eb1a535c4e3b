/// Every recoverable failure of the numerics layer. Bad input is reported through these cases,
/// never by a trap, a silent NaN or a wrong finite number. `description` is a sentence a user
/// can act on.
///
/// Policy for non-finite values (NaN, ±∞): the factorisations, the statistics, `Interval`,
/// `Rational` and the sampling helpers throw `.nonFinite` for them; the elementwise arithmetic
/// layer (`Matrix` products and sums, `Vector`, norms, `Dual`, `Derivatives`) is generic or
/// non-throwing and *propagates* them, so that a NaN in the input is a NaN in the output and
/// never disappears. Each public function's doc comment says which of the two it does.
public enum NumericsError: Error, Equatable, CustomStringConvertible, Sendable {
    case dimensionMismatch(operation: String, expected: String, got: String)
    case notSquare(operation: String, rows: Int, columns: Int)
    case notSymmetric(operation: String, maxAsymmetry: Double, tolerance: Double)
    case nonFinite(operation: String, detail: String)
    case notPositiveDefinite(column: Int, pivot: Double)
    case singular(operation: String, column: Int)
    case empty(operation: String)
    case invalidArgument(operation: String, detail: String)
    case overflow(operation: String)
    case divisionByZero(operation: String)
    case noConvergence(operation: String, iterations: Int)
    /// A floating-point result (or an intermediate that cannot be avoided) lies beyond the
    /// largest finite value of the type, although every input was finite.
    case outOfRange(operation: String, detail: String)

    /// The case name ("notSymmetric", "overflow", …), for programs that branch on the kind of failure.
    public var kind: String {
        switch self {
        case .dimensionMismatch: return "dimensionMismatch"
        case .notSquare: return "notSquare"
        case .notSymmetric: return "notSymmetric"
        case .nonFinite: return "nonFinite"
        case .notPositiveDefinite: return "notPositiveDefinite"
        case .singular: return "singular"
        case .empty: return "empty"
        case .invalidArgument: return "invalidArgument"
        case .overflow: return "overflow"
        case .divisionByZero: return "divisionByZero"
        case .noConvergence: return "noConvergence"
        case .outOfRange: return "outOfRange"
        }
    }

    public var description: String {
        switch self {
        case let .dimensionMismatch(op, expected, got):
            return "\(op): dimension mismatch (expected \(expected), got \(got))"
        case let .notSquare(op, r, c):
            return "\(op): matrix must be square, got \(r)×\(c)"
        case let .notSymmetric(op, asym, tol):
            return "\(op): matrix is not symmetric (max |a_ij − a_ji| = \(asym) exceeds tolerance \(tol))"
        case let .nonFinite(op, detail):
            return "\(op): non-finite value (\(detail))"
        case let .notPositiveDefinite(column, pivot):
            return "cholesky: matrix is not positive definite (pivot \(pivot) at column \(column))"
        case let .singular(op, column):
            return "\(op): matrix is singular (zero pivot at column \(column))"
        case let .empty(op):
            return "\(op): input is empty"
        case let .invalidArgument(op, detail):
            return "\(op): invalid argument (\(detail))"
        case let .overflow(op):
            return "\(op): integer overflow; the exact result does not fit in 128 bits"
        case let .divisionByZero(op):
            return "\(op): division by zero"
        case let .noConvergence(op, it):
            return "\(op): no convergence after \(it) iterations"
        case let .outOfRange(op, detail):
            return "\(op): result exceeds the floating-point range (\(detail))"
        }
    }
}

extension Array where Element: RealFloat {
    /// Throws `.nonFinite` naming the first infinite or NaN entry; an empty array passes.
    @inlinable
    public func requireFinite(_ operation: String) throws {
        for (i, v) in enumerated() where !v.isFinite {
            throw NumericsError.nonFinite(operation: operation, detail: "entry \(i) is \(v)")
        }
    }
}
