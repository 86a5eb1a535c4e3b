import Numerics

/// Empirical Rademacher complexities computed exactly over the finite sign distribution: all 2^n sign vectors ξ with
/// equal weight (no sampling). For the unit ball of linear functions, sup_{‖u‖≤1} (1/n)Σξ_iuᵀx_i = ‖Σξ_ix_i‖/n; for the
/// unit ball of an RKHS with Gram matrix K, it is √(ξᵀKξ)/n. Both are averaged over the 2^n signs.
public enum RademacherEnumeration {
    /// Throws for n = 0 or n > 20 (2^20 sign vectors), or a non-square Gram matrix.
    static func signs(_ n: Int) throws -> Int {
        guard n >= 1, n <= 20 else { throw NumericsError.invalidArgument(operation: "RademacherEnumeration", detail: "n = \(n) must lie in 1…20") }
        return 1 << n
    }

    /// E_ξ ‖Σξ_ix_i‖ / n in T (the inputs converted exactly).
    public static func linearBall<T: RealFloat>(_ inputs: [[Double]], _: T.Type) throws -> T {
        let n = inputs.count, count = try signs(n)
        guard let d = inputs.first?.count, inputs.allSatisfy({ $0.count == d }) else {
            throw NumericsError.dimensionMismatch(operation: "RademacherEnumeration.linearBall", expected: "inputs of equal dimension", got: "ragged")
        }
        let x = inputs.map { $0.map { T($0) } }
        var total = T.zero
        for mask in 0..<count {
            var s = [T](repeating: .zero, count: d)
            for i in 0..<n { let sign: T = (mask >> i) & 1 == 1 ? 1 : -1; for k in 0..<d { s[k] += sign * x[i][k] } }
            total += Vector.norm2(s)
        }
        return total / T(count) / T(n)
    }

    /// E_ξ ‖Σξ_ix_i‖² exactly (rational inputs); equals Σ‖x_i‖² because E ξ_iξ_j = δ_ij.
    public static func linearBallSecondMoment(_ inputs: [[Rational]]) throws -> Rational {
        let n = inputs.count, count = try signs(n)
        let d = inputs[0].count
        var total = Rational.zero
        for mask in 0..<count {
            var s = [Rational](repeating: .zero, count: d)
            for i in 0..<n { let sign = Rational((mask >> i) & 1 == 1 ? 1 : -1); for k in 0..<d { s[k] = try s[k] + sign * inputs[i][k] } }
            total = try total + Exact.dot(s, s)
        }
        return try total / Rational(count)
    }

    /// E_ξ √(ξᵀKξ) / n for a symmetric positive semidefinite Gram matrix K (n × n).
    public static func kernelBall<T: RealFloat>(_ gram: Matrix<T>) throws -> T {
        guard gram.isSquare else { throw NumericsError.notSquare(operation: "RademacherEnumeration.kernelBall", rows: gram.rows, columns: gram.columns) }
        let n = gram.rows, count = try signs(n)
        var total = T.zero
        for mask in 0..<count {
            var q = T.zero
            for i in 0..<n {
                let si: T = (mask >> i) & 1 == 1 ? 1 : -1
                for j in 0..<n { let sj: T = (mask >> j) & 1 == 1 ? 1 : -1; q += si * sj * gram[i, j] }
            }
            total += max(q, 0).squareRoot()
        }
        return total / T(count) / T(n)
    }

    /// P(|Σ_{i=1}^n c·ξ_i| ≥ t) exactly, as a rational, for the event |S| ≥ t decided through S² ≥ t² (S ∈ c·{−n, −n + 2, …, n}).
    /// Returns the probability and the distance of t² from the nearest attainable S² (so the caller can check that
    /// rounding in t² cannot change the event).
    public static func binomialTail(n: Int, scale c: Int, thresholdSquared t2: Double) throws -> (probability: Rational, margin: Double) {
        _ = try signs(n)
        var hits = Int128(0)
        var binom = Int128(1) // C(n, k)
        var margin = Double.infinity
        for k in 0...n {
            let s = Double(c * (2 * k - n))
            margin = min(margin, abs(s * s - t2))
            if s * s >= t2 { hits += binom }
            binom = binom * Int128(n - k) / Int128(k + 1)
        }
        return (try Rational(hits, Int128(1) << Int128(n)), margin)
    }
}
