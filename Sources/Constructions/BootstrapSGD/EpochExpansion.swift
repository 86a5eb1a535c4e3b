import Numerics

/// The mean iterate after one epoch of SGD on least squares, as an exact polynomial in the step ε
/// (BS-SMITH). Each step w ← (I − εA_β)w + εb_β with A_β = (1/B)Σ_{i∈β}x_ix_iᵀ, b_β = (1/B)Σ_{i∈β}x_iy_i
/// is affine in w, so after m = N/B steps every component of w_m is a polynomial of degree ≤ m in
/// ε; E[w_m] averages it over every equally likely batch sequence:
/// - random reshuffling: every permutation of the N indices, cut into m consecutive batches;
/// - with replacement: every sequence of m batches of B indices i.i.d. uniform (N^{Bm} sequences).
public enum EpochExpansion {
    public enum Scheme: String, Sendable, Codable, CaseIterable {
        case reshuffling = "random reshuffling"
        case withReplacement = "with replacement"
    }

    /// A vector of polynomials: coefficients[k][p] is the εᵖ coefficient of component k.
    public typealias PolynomialVector = [[Rational]]

    /// E[w_m] for one epoch. Throws unless 1 ≤ B ≤ N, B divides N, and the enumeration has at most 10⁶ sequences.
    public static func meanIterate(_ problem: LeastSquaresProblem, start: [Rational], batch b: Int, scheme: Scheme) throws -> PolynomialVector {
        let n = problem.count, d = problem.dimension
        guard b >= 1, b <= n, n % b == 0 else {
            throw NumericsError.invalidArgument(operation: "EpochExpansion", detail: "batch size B = \(b) must satisfy 1 ≤ B ≤ N = \(n) and divide N")
        }
        guard start.count == d else { throw NumericsError.dimensionMismatch(operation: "EpochExpansion", expected: "w₀ of length \(d)", got: "\(start.count)") }
        let m = n / b
        let xs = try problem.exactFeatures(), ys = try problem.exactTargets()
        var sequences: [[Int]] = []
        switch scheme {
        case .reshuffling:
            guard n <= 8 else { throw NumericsError.invalidArgument(operation: "EpochExpansion", detail: "N! exceeds the enumeration limit") }
            sequences = permutations(Array(0..<n))
        case .withReplacement:
            var total = 1
            for _ in 0..<(b * m) { total *= n; guard total <= 1_000_000 else { throw NumericsError.invalidArgument(operation: "EpochExpansion", detail: "N^(Bm) exceeds 10⁶") } }
            var idx = Array(repeating: 0, count: b * m)
            for _ in 0..<total {
                sequences.append(idx)
                var p = idx.count - 1
                while p >= 0 { idx[p] += 1; if idx[p] < n { break }; idx[p] = 0; p -= 1 }
            }
        }
        let invB = try Rational(1, b)
        var sum: PolynomialVector = Array(repeating: Array(repeating: .zero, count: m + 1), count: d)
        for seq in sequences {
            var w: PolynomialVector = start.map { [$0] + Array(repeating: Rational.zero, count: m) }
            for step in 0..<m {
                let batch = Array(seq[(step * b)..<((step + 1) * b)])
                var a = Exact.zeros(d, d), bb = Array(repeating: Rational.zero, count: d)
                for i in batch {
                    a = try Exact.add(a, Exact.scale(Exact.outer(xs[i], xs[i]), by: invB))
                    bb = try Exact.add(bb, Exact.scale(xs[i], by: try ys[i] * invB))
                }
                // w ← w − ε(Aw − b): the ε-shift raises every coefficient's degree by one.
                var next = w
                for k in 0..<d {
                    for p in 0..<m {
                        var s = Rational.zero
                        for l in 0..<d { s = try s + a[k][l] * w[l][p] }
                        if p == 0 { s = try s - bb[k] }
                        next[k][p + 1] = try next[k][p + 1] - s
                    }
                }
                w = next
            }
            for k in 0..<d { for p in 0...m { sum[k][p] = try sum[k][p] + w[k][p] } }
        }
        let inv = try Rational(1, sequences.count)
        return try sum.map { try $0.map { try $0 * inv } }
    }

    /// The backward-error prediction to O(ε²): w₀ − mε∇C + ε²[(m² − m)/2·H∇C − (m·c/(4B))∇Γ], i.e.
    /// the mean of one epoch of gradient flow on C̃ = C + (ε/4)‖∇C‖² + (ε/4)·c·Γ/B, expanded.
    public static func prediction(_ problem: LeastSquaresProblem, start: [Rational], batch b: Int, gammaFactor c: Rational) throws -> PolynomialVector {
        let n = problem.count, d = problem.dimension
        guard b >= 1, b <= n, n % b == 0 else { throw NumericsError.invalidArgument(operation: "EpochExpansion.prediction", detail: "batch size B = \(b) must divide N = \(n)") }
        let m = Rational(n / b)
        let g = try problem.exactSampleGradients(at: start)
        let gradC = try MinibatchGradientCovariance.meanGradient(g)
        let xs = try problem.exactFeatures()
        var h = Exact.zeros(d, d)
        for x in xs { h = try Exact.add(h, Exact.scale(Exact.outer(x, x), by: Rational(1, n))) }
        let hg = try Exact.apply(h, gradC)
        let gradGamma = try GradientRegularizers.exactGradientOfGradientVariance(problem, at: start)
        let half = try Rational(1, 2)
        return try (0..<d).map { k in
            let e2 = try half * (m * m - m) * hg[k] - m * c / (Rational(4) * Rational(b)) * gradGamma[k]
            return [start[k], try -m * gradC[k], e2]
        }
    }

    /// Coefficients of εᵖ, p ≤ maxDegree, of (mean − prediction), per component.
    public static func residual(_ mean: PolynomialVector, _ predicted: PolynomialVector, maxDegree: Int) throws -> PolynomialVector {
        try zip(mean, predicted).map { a, b in
            try (0...maxDegree).map { p in try (p < a.count ? a[p] : .zero) - (p < b.count ? b[p] : .zero) }
        }
    }

    static func permutations(_ xs: [Int]) -> [[Int]] {
        if xs.count <= 1 { return [xs] }
        var out: [[Int]] = []
        for (i, x) in xs.enumerated() {
            var rest = xs
            rest.remove(at: i)
            for p in permutations(rest) { out.append([x] + p) }
        }
        return out
    }
}
