import Constructions
import Foundation
import Numerics

/// LI-L1 (Lemma 1): pushing both distributions forward through the same invertible map leaves their KL divergence
/// unchanged (the Jacobian factors cancel in the density ratio). Checked for Gaussians and affine maps, where both sides
/// have closed forms, including non-diagonal ill-conditioned maps; degenerate push-forwards must be refused.
enum LI_L1 {
    struct Setup: ClaimSetup {
        /// The map is applied to both distributions (false: to the first only).
        var bothPushedForward = true
        var seed: UInt64 = 4014
    }

    static let samples = [SampleCount("maps", "random affine maps x ↦ Ax + b (p = 6, κ(A) from 1 to 10³) with random Gaussian pairs", quick: 200, full: 2_000)]

    static let claim = Claim(
        "LI-L1", paper: Papers.hessianDynamics, location: "§6, Lemma 1 (Eq. 49); proof App. H",
        title: "KL divergence is invariant under a common invertible transformation",
        expected: .cited, tiers: [.numerical], keyFigure: "invariance",
        errata: ["The proof's first line omits the logarithm of the density ratio.", "The lemma needs the map to be a diffeomorphism (a bijection alone does not carry densities); affine invertible maps are used here."],
        statement: Statement(
            """
            For distributions Q ≪ P on ℝᵖ and an invertible differentiable map r with differentiable inverse, \
            KL(r#Q ‖ r#P) = KL(Q ‖ P). For Gaussians and r(x) = Ax + b: KL(N(Am₁ + b, AS₁Aᵀ) ‖ N(Am₀ + b, AS₀Aᵀ)) = \
            KL(N(m₁, S₁) ‖ N(m₀, S₀)).
            """,
            form: .cited,
            hypotheses: [Hypothesis("the same map pushes forward both distributions", field: "bothPushedForward")],
            construction: """
                p = 6 (seed 4014): A = U·diag(s)·Vᵀ with U, V orthogonal (QR of Gaussian matrices) and singular values s \
                log-spaced from 1 to κ, κ = 10^{3u}, u uniform; b, m₀, m₁ ~ N(0, I); S = BBᵀ + 0.1I with B Gaussian. Both KLs \
                by Cholesky (GaussianKL). Tolerance: 60·p·ε·κ(A)²·Σ|terms| (forming AS Aᵀ perturbs it by p·ε·‖A‖²‖S‖, i.e. \
                relative κ(A)²·p·ε in the solves; LAPACK's 60). Five singular maps (one singular value 0) must be refused \
                with a typed error instead of a number.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("bothPushedForward", name: "only Q transformed", """
                Transforming Q but leaving P: the KL changes by O(1), so the comparison can see a wrong push-forward.
                """) { $0.bothPushedForward = false }]))

    static func orthogonal(_ p: Int, _ rng: inout SeededGenerator) throws -> Matrix<Double> {
        // Gram–Schmidt (twice) on a Gaussian matrix's columns.
        var q = (0..<p).map { _ in (0..<p).map { _ in rng.normal() } }
        for j in 0..<p {
            for _ in 0..<2 { for k in 0..<j {
                let d = zip(q[j], q[k]).reduce(0.0) { $0 + $1.0 * $1.1 }
                q[j] = zip(q[j], q[k]).map { $0 - d * $1 }
            } }
            let norm = Vector.norm2(q[j])
            q[j] = q[j].map { $0 / norm }
        }
        return try Matrix(rows: p, columns: p, elements: (0..<p).flatMap { i in (0..<p).map { q[$0][i] } })
    }

    static func map(_ p: Int, singularValues s: [Double], _ rng: inout SeededGenerator) throws -> Matrix<Double> {
        let u = try orthogonal(p, &rng), v = try orthogonal(p, &rng)
        return try u.multiplied(by: Matrix.diagonal(s)).multiplied(by: v.transposed)
    }

    static func covariance(_ p: Int, _ rng: inout SeededGenerator) throws -> Matrix<Double> {
        let b = try Matrix(rows: p, columns: p, elements: (0..<(p * p)).map { _ in rng.normal() })
        return try b.multiplied(by: b.transposed).adding(Matrix.diagonal([Double](repeating: 0.1, count: p)))
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)
        let p = 6
        var worst = 0.0, worstRelative = 0.0, largestKappa = 0.0
        for _ in 0..<(try context.count("maps")) {
            let kappa = Double.pow(10, 3 * rng.uniform())
            let a = try map(p, singularValues: (0..<p).map { Double.pow(kappa, -Double($0) / Double(p - 1)) }, &rng)
            let b = (0..<p).map { _ in rng.normal() }
            let m0 = (0..<p).map { _ in rng.normal() }, m1 = (0..<p).map { _ in rng.normal() }
            let s0 = try covariance(p, &rng), s1 = try covariance(p, &rng)
            func push(_ m: [Double], _ c: Matrix<Double>) throws -> ([Double], Matrix<Double>) {
                (zip(try a.applied(to: m), b).map { $0 + $1 }, try a.multiplied(by: c).multiplied(by: a.transposed))
            }
            let before = try GaussianKL.terms(mean1: m1, covariance1: s1, mean0: m0, covariance0: s0)
            let (n1, c1) = try push(m1, s1)
            let (n0, c0) = s.bothPushedForward ? try push(m0, s0) : (m0, s0)
            let after = try GaussianKL.terms(mean1: n1, covariance1: c1, mean0: n0, covariance0: c0)
            let tol = 60 * Double(p) * Double.ulpOfOne * kappa * kappa * max(before.magnitude, after.magnitude)
            worst = propagatingMax(worst, abs(after.divergence - before.divergence) / tol)
            worstRelative = propagatingMax(worstRelative, abs(after.divergence - before.divergence) / before.divergence)
            largestKappa = max(largestKappa, kappa)
        }
        e.add(Figure("invariance", "max over maps of |KL(r#Q ‖ r#P) − KL(Q ‖ P)| in units of 60·p·ε·κ(A)²·Σ|terms|", value: worst, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: invariant to rounding (largest relative change \(String(format: "%.1e", worstRelative)), κ up to \(String(format: "%.0f", largestKappa)); catalog SIM-8: 1.1e-9)"))
        var accepted = 0
        for _ in 0..<5 {
            let a = try map(p, singularValues: [1, 0.7, 0.5, 0.3, 0.2, 0], &rng)
            let c = try a.multiplied(by: covariance(p, &rng)).multiplied(by: a.transposed)
            if (try? GaussianKL.terms(mean1: [Double](repeating: 0, count: p), covariance1: c, mean0: [Double](repeating: 0, count: p),
                                      covariance0: try covariance(p, &rng))) != nil { accepted += 1 }
        }
        e.add(.count("singularAccepted", "push-forwards by singular maps (5 tried) for which a KL value came back", accepted, requirement: .equals("0"), tier: .numerical,
                     note: "0: a degenerate Gaussian has no density; GaussianKL refuses it with a typed error instead of a huge finite number"))
        e.summary = "The KL of two Gaussians is unchanged by a common affine push-forward, to κ(A)²-scaled rounding, and degenerate push-forwards are refused."
        return e
    }
}
