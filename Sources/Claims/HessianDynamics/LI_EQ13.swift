import Constructions
import Foundation
import Numerics

/// LI-EQ13 (Eq. 13, a cited fact): the cosines of the principal angles between two subspaces, defined recursively by
/// maximising uᵀv over unit vectors orthogonal to the earlier pairs, are the singular values of UᵀV for orthonormal bases
/// U, V. Checked against an implementation of the recursive definition itself, plus the basis-independence and the
/// n × n Gram route to M's eigenvectors that the paper's angle plots need.
enum LI_EQ13 {
    struct Setup: ClaimSetup {
        /// The bases are orthonormal (false: U's columns are doubled, as un-normalised eigenvectors would be).
        var orthonormal = true
        var seed: UInt64 = 4019
    }

    static let samples = [SampleCount("pairs", "random subspace pairs (p from 5 to 40, dimensions 1 to 8)", quick: 200, full: 2_000)]

    static let claim = Claim(
        "LI-EQ13", paper: Papers.hessianDynamics, location: "§4.2, Eq. 13",
        title: "cos γ_i of the principal angles = the i-th singular value of UᵀV (orthonormal bases)",
        expected: .cited, tiers: [.numerical], keyFigure: "recursiveAgreement",
        errata: ["The bases must be orthonormal; un-normalised eigenvectors give 'cosines' above 1."],
        statement: Statement(
            """
            For subspaces of ℝᵖ with orthonormal bases U (p × a) and V (p × b), a ≥ b ≥ 1, the principal angles defined by \
            cos γ_i = max uᵀv over unit u ∈ span U, v ∈ span V orthogonal to u_1…u_{i−1} and v_1…v_{i−1} satisfy cos γ_i = \
            σ_i(UᵀV), the singular values in decreasing order.
            """,
            form: .cited,
            hypotheses: [Hypothesis("U and V have orthonormal columns", field: "orthonormal")],
            construction: """
                Random pairs (seed 4019): p ∈ [5, 40], a ∈ [1, min(8, p)], b ∈ [1, a]; bases by Gram–Schmidt (twice) of Gaussian \
                columns, half of the pairs sharing some directions up to 10⁻⁶ (angles near 0: used for the basis and cosine checks; the \
                recursion below loses digits there and is compared on the other half). The recursive definition: the top \
                eigenpair of CᵀC (C the current UᵀV, Jacobi) gives the maximising pair; both bases are then restricted to the \
                orthogonal complement of the chosen vectors and the step repeats. Compared with the SVD of UᵀV, in units of \
                60·p·ε divided by min(1, the smallest gap between distinct σ_i², σ_min²) — the recursion's eigenvectors are \
                accurate only to ε/gap, which near-shared directions make large; singular values also after U → UR with R orthogonal; all cosines ≤ 1 + 60pε. The Gram route: for \
                G (n × p, n < p), the unit eigenvectors Gᵀw/√(nλ) of M = GᵀG/n from K = GGᵀ/n, residual ‖Mv − λv‖/(60·p·ε·‖M‖_F).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("orthonormal", name: "un-normalised basis", "U's columns doubled: the singular values of UᵀV reach 2, above any cosine.") { $0.orthonormal = false }]))

    /// An orthonormal basis of the span of the given vectors (Gram–Schmidt twice), as columns.
    static func orthonormalise(_ columns: [[Double]]) -> [[Double]] {
        var q: [[Double]] = []
        for c in columns {
            var v = c
            for _ in 0..<2 { for u in q { let d = zip(v, u).reduce(0.0) { $0 + $1.0 * $1.1 }; v = zip(v, u).map { $0 - d * $1 } } }
            let norm = Vector.norm2(v)
            if norm > 1e-8 { q.append(v.map { $0 / norm }) }
        }
        return q
    }

    static func matrix(_ columns: [[Double]], rows: Int) throws -> Matrix<Double> {
        try Matrix(rows: rows, columns: columns.count, elements: (0..<rows).flatMap { i in columns.map { $0[i] } })
    }

    /// The recursive definition: greedy maximisation with deflation. Returns the cosines in the order found.
    static func recursiveCosines(_ u: [[Double]], _ v: [[Double]], p: Int) throws -> [Double] {
        var u = u, v = v, out: [Double] = []
        while !u.isEmpty && !v.isEmpty {
            let c = try matrix(u, rows: p).transposed.multiplied(by: matrix(v, rows: p)) // a × b
            let eig = try SymmetricEigendecomposition(c.transposed.multiplied(by: c))
            let top = (0..<eig.eigenvalues.count).max { eig.eigenvalues[$0] < eig.eigenvalues[$1] }!
            let beta = eig.eigenvectors.column(top)
            let alpha = try c.applied(to: beta)
            let norm = Vector.norm2(alpha)
            out.append(norm)
            // The maximising unit vectors in ℝᵖ, then bases of their complements inside each span.
            let vStar = (0..<p).map { i in zip(v, beta).reduce(0.0) { $0 + $1.0[i] * $1.1 } }
            let uStar = norm > 0 ? (0..<p).map { i in zip(u, alpha).reduce(0.0) { $0 + $1.0[i] * $1.1 } / norm } : u[0]
            func complement(_ basis: [[Double]], _ x: [Double]) -> [[Double]] {
                Array(orthonormalise([x] + basis).dropFirst())
            }
            u = complement(u, uStar); v = complement(v, vStar)
        }
        return out
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)
        var agreement = 0.0, rotation = 0.0, excess = 0.0, compared = 0
        for k in 0..<(try context.count("pairs")) {
            let p = 5 + Int(rng.next() % 36), a = 1 + Int(rng.next() % UInt64(min(8, p))), b = 1 + Int(rng.next() % UInt64(a))
            let shared = k % 2 == 0 ? Int(rng.next() % UInt64(b + 1)) : 0
            let common = (0..<shared).map { _ in (0..<p).map { _ in rng.normal() } }
            let u = orthonormalise(common + (0..<(a - shared)).map { _ in (0..<p).map { _ in rng.normal() } })
            let v = orthonormalise(common.map { $0.map { $0 + 1e-6 * rng.normal() } } + (0..<(b - shared)).map { _ in (0..<p).map { _ in rng.normal() } })
            guard u.count == a, v.count == b else { continue }
            let uUsed = s.orthonormal ? u : u.map { $0.map { 2 * $0 } }
            let c = try matrix(uUsed, rows: p).transposed.multiplied(by: matrix(v, rows: p))
            let sigma = try SingularValueDecomposition(c).singularValues.sorted(by: >)
            let unit = 60 * Double(p) * Double.ulpOfOne
            excess = propagatingMax(excess, max(0, sigma[0] - 1) / unit)
            // The recursion is compared on pairs without shared directions: with an angle of 10⁻⁶ its deflation loses digits
            // (observed 2·10⁻¹⁰ on the second cosine while the SVD, the 2 × 2 determinant and the eigenvalues of CᵀC agree to ε).
            let greedy = shared == 0 ? try recursiveCosines(u, v, p: p) : []
            if shared == 0 { compared += 1 }
            // The recursion picks eigenvectors of CᵀC: each is accurate to ε/gap (gap to the nearest other σ², or to 0), so the
            // deflated subspaces — and the later cosines — carry that condition number.
            let squares = sigma.map { $0 * $0 }
            let gap = squares.indices.map { i in squares.indices.filter { $0 != i }.map { abs(squares[i] - squares[$0]) }.min() ?? 1 }.min()!
            let condition = 1 / max(min(1, gap, squares.last!), Double.ulpOfOne)
            for (x, y) in zip(sigma, greedy) { agreement = propagatingMax(agreement, abs(x - y) / (unit * condition)) }
            // U → UR with R orthogonal (a Gram–Schmidt of a Gaussian a × a matrix): same singular values.
            let r = orthonormalise((0..<a).map { _ in (0..<a).map { _ in rng.normal() } })
            let rotated = try matrix(uUsed, rows: p).multiplied(by: matrix(r, rows: a))
            let sigmaR = try SingularValueDecomposition(rotated.transposed.multiplied(by: matrix(v, rows: p))).singularValues.sorted(by: >)
            for (x, y) in zip(sigma, sigmaR) { rotation = propagatingMax(rotation, abs(x - y) / unit) }
        }
        e.add(Figure("recursiveAgreement", "max over \(compared) pairs without shared directions of |σ_i(UᵀV) − cos γ_i (recursive definition)|, in units of 60·p·ε/min(1, gap, σ_min²)", value: agreement,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1 (catalog SIM-8: equal to 12 digits)"))
        e.add(Figure("basisIndependence", "max change of the singular values under U → UR, same units", value: rotation, tier: .numerical, requirement: .atMost(1),
                     tolerance: .absolute(0.5), note: "≤ 1: the angles belong to the subspaces, not the bases"))
        e.add(Figure("cosineExcess", "max over pairs of (σ_1(UᵀV) − 1)₊, same units", value: excess, tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: every 'cosine' is a cosine"))
        // The Gram route to M's eigenvectors (n < p), used for the angle plots.
        var gram = 0.0
        for _ in 0..<20 {
            let n = 3 + Int(rng.next() % 8), p = n + 5 + Int(rng.next() % 20)
            let g = try Matrix(rows: n, columns: p, elements: (0..<(n * p)).map { _ in rng.normal() })
            let m = try g.transposed.multiplied(by: g).scaled(by: 1 / Double(n))
            let kernel = try g.multiplied(by: g.transposed).scaled(by: 1 / Double(n))
            let eig = try SymmetricEigendecomposition(kernel)
            for j in 0..<n {
                let lambda = eig.eigenvalues[j]
                let vec = try g.transposed.applied(to: eig.eigenvectors.column(j)).map { $0 / (Double(n) * lambda).squareRoot() }
                let residual = Vector.norm2(zip(try m.applied(to: vec), vec).map { $0 - lambda * $1 })
                gram = propagatingMax(gram, max(residual, abs(Vector.norm2(vec) - 1) * m.frobeniusNorm) / (60 * Double(p) * Double.ulpOfOne * m.frobeniusNorm))
            }
        }
        e.add(Figure("gramRoute", "max over 20 matrices and eigenpairs of ‖Mv − λv‖ (and ‖v‖ − 1) for v = Gᵀw/√(nλ) from K = GGᵀ/n, in units of 60·p·ε·‖M‖_F",
                     value: gram, tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: M's eigenvectors come from the n × n kernel (n < p)"))
        e.summary = "The singular values of UᵀV are the recursively defined principal-angle cosines to rounding, independent of the bases chosen."
        return e
    }
}
