import Constructions
import Foundation
import Numerics

/// LI-DEF-EMP (Sec. 3, eqs 1–7, 9): the empirical mean μ, covariance Σ and second moment M of the per-sample gradients,
/// all normalised by 1/n, satisfy M = Σ + μμᵀ. M is positive semidefinite with rank at most min(n, p) — never positive
/// definite when n < p, although Sec. 4.1 calls it positive definite.
enum LI_DEF_EMP {
    enum Normalisation: String, Codable, Sendable { case population = "1/n", unbiased = "1/(n − 1)" }

    struct Setup: ClaimSetup {
        /// The factor of Σ (C1: 1/n).
        var covarianceNormalisation = Normalisation.population
        var seed: UInt64 = 4101
    }

    static let samples = [
        SampleCount("instances", "random Gaussian gradient matrices G (n × p) in Double and Float80", quick: 100, full: 1_000),
        SampleCount("exactInstances", "random integer gradient matrices in exact rationals", quick: 60, full: 600),
    ]

    static let claim = Claim(
        "LI-DEF-EMP", paper: Papers.hessianDynamics, location: "§3, Eqs. (1)–(7), (9)",
        title: "Empirical gradient moments: M = Σ + μμᵀ with 1/n normalisation; M is PSD of rank ≤ min(n, p)",
        expected: .definition, tiers: [.exact, .numerical], keyFigure: "identityMismatch[exact]",
        errata: [
            "§4.1 calls M_t positive definite. It is only positive semidefinite: M = (1/n)GᵀG has rank ≤ n, and every Gauss-k run has n = 100 < p (1150 or 902 parameters), so M is singular there.",
            "Σ is normalised by 1/n (not 1/(n − 1)); only then is M = Σ + μμᵀ exact.",
        ],
        statement: Statement(
            """
            Given the per-sample gradients g_i = ∇f(θ; z_i), i = 1…n, in ℝᵖ, let μ be their average, Σ the average of \
            (g_i − μ)(g_i − μ)ᵀ and M the average of g_ig_iᵀ (all three with weight 1/n). Then M = Σ + μμᵀ, hence \
            Tr M = Tr Σ + ‖μ‖²; M and Σ are positive semidefinite, and rank M ≤ min(n, p), so M is singular whenever n < p.
            """,
            form: .definition,
            hypotheses: [Hypothesis("Σ is averaged with the same weight 1/n as M and μ", field: "covarianceNormalisation")],
            construction: """
                (i) Exact: integer gradient matrices G with entries in −5…5, n ∈ 2…8, p ∈ 2…10 (seed 4101), in exact \
                rationals: M − Σ − μμᵀ, the inertia of M and Σ (exact symmetric elimination) and rank M = rank G. \
                (ii) Rounded: n ∈ 2…30, p ∈ 2…60, entries s·N(0, 1) with s log-uniform in [10⁻³, 10³], in Double and in \
                Float80 on the same (exactly converted) data. Tolerances, LAPACK-style (threshold 60 on a residual ratio \
                of O(1)): every entry of μ, Σ, M and μμᵀ is a sum of n products, so its rounding error is at most \
                γ_{n+2}·max|M| (by Cauchy–Schwarz |(1/n)Σg_iag_ib| ≤ max_a M_aa = max|M|), and the identity's residual is \
                at most about 7(n + 2)u·max|M| — compared with 60(n + 2)ε·max|M|. Eigenvalues: the computed M is \
                M + E with ‖E‖₂ ≤ γ_{n+1}·Tr M (|E_ab| ≤ γ_{n+1}√(M_aaM_bb)), and Jacobi adds O(p·ε·‖M‖), so \
                λ_min ≥ −60(n + p)ε·Tr M and the numerical rank counts eigenvalues above that level.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("covarianceNormalisation", name: "Σ with 1/(n − 1)", """
                The unbiased covariance n/(n − 1)·Σ: M − Σ − μμᵀ becomes −Σ/(n − 1), not 0.
                """) { $0.covarianceNormalisation = .unbiased }]))

    /// (μ, Σ, M) with the setup's normalisation of Σ.
    static func moments<T: FieldElement>(_ s: Setup, _ g: [[T]]) throws -> GradientMoments<T> {
        let m = try GradientMoments(gradients: g)
        guard s.covarianceNormalisation == .unbiased else { return m }
        let n = g.count
        let factor = try T(n).divided(by: T(n - 1))
        return GradientMoments(mean: m.mean, covariance: try m.covariance.map { try FieldVector.scale($0, by: factor) }, secondMoment: m.secondMoment)
    }

    /// max_ab |M − Σ − μμᵀ|_ab.
    static func mismatch<T: FieldElement>(_ m: GradientMoments<T>, magnitude: (T) throws -> T, less: (T, T) -> Bool) throws -> T {
        var worst = T.zero
        let p = m.mean.count
        for a in 0..<p { for b in 0..<p {
            let r = try magnitude(try m.secondMoment[a][b].subtracting(m.covariance[a][b]).subtracting(m.mean[a].multiplied(by: m.mean[b])))
            if less(worst, r) { worst = r }
        } }
        return worst
    }

    struct Rounded<T: RealFloat> {
        /// Residual of the identity, of the trace identity, in units of their tolerances.
        let identity: Double, trace: Double
    }

    static func rounded<T: RealFloat>(_ s: Setup, _ g: [[T]]) throws -> (units: Rounded<T>, moments: GradientMoments<T>) {
        let n = g.count, p = g[0].count
        let m = try moments(s, g)
        var maxM = T.zero
        for row in m.secondMoment { for v in row { maxM = propagatingMax(maxM, abs(v)) } }
        let res = try mismatch(m, magnitude: { abs($0) }, less: { $0 < $1 || $1.isNaN })
        let eps = Double(T.ulpOfOne)
        var trM = T.zero, trS = T.zero, mu2 = T.zero
        for a in 0..<p { trM += m.secondMoment[a][a]; trS += m.covariance[a][a]; mu2 += m.mean[a] * m.mean[a] }
        let identity = Double(res / maxM) / (60 * Double(n + 2) * eps)
        // Tr M, Tr Σ and ‖μ‖² add p more terms each.
        let trace = Double(abs(trM - trS - mu2) / trM) / (60 * Double(n + 2 + p) * eps)
        return (Rounded(identity: identity, trace: trace), m)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)

        // (i) exact.
        let exactCount = try context.count("exactInstances")
        var worstExact = Rational.zero, notPSD = 0, rankAboveN = 0, overparameterised = 0, definiteWhenWide = 0, rankNotG = 0
        for _ in 0..<exactCount {
            let n = 2 + (try rng.int(below: 7)), p = 2 + (try rng.int(below: 9))
            let g = try (0..<n).map { _ in try (0..<p).map { _ in Rational(try rng.int(below: 11) - 5) } }
            let m = try moments(s, g)
            worstExact = max(worstExact, try mismatch(m, magnitude: { $0.magnitude }, less: { $0 < $1 }))
            let dm = try Exact.definiteness(m.secondMoment), ds = try Exact.definiteness(m.covariance)
            if !dm.semidefinite || !ds.semidefinite { notPSD += 1 }
            let r = try Exact.rank(m.secondMoment)
            if r > min(n, p) { rankAboveN += 1 }
            if r != (try Exact.rank(g)) { rankNotG += 1 }
            if n < p { overparameterised += 1; if dm.definite { definiteWhenWide += 1 } }
        }
        e.add(.exact("identityMismatch[exact]", "max over \(exactCount) integer instances of max|M − Σ − μμᵀ|, exact rationals", worstExact, requirement: .equals("0"),
                     note: "0: the identity holds exactly with 1/n normalisation"))
        e.add(.count("notSemidefinite[exact]", "instances where M or Σ has a negative eigenvalue (exact inertia)", notPSD, requirement: .equals("0"), note: "0: both are PSD"))
        e.add(.count("rankAboveMin[exact]", "instances with rank M > min(n, p) (exact rank)", rankAboveN, requirement: .equals("0"), note: "0: rank M ≤ min(n, p)"))
        e.add(.count("rankDiffersFromG[exact]", "instances with rank M ≠ rank G", rankNotG, role: .crossCheck, requirement: .equals("0"),
                     note: "0: M = GᵀG/n has the rank of G (why rank M ≤ n)"))
        e.add(.count("overparameterisedInstances", "exact instances with n < p", overparameterised, role: .hypothesis, requirement: .greaterThan(0),
                     note: "the case of the paper's networks (n = 100 < p)"))
        e.add(.count("definiteWhenNBelowP[exact]", "instances with n < p where M is positive definite", definiteWhenWide, requirement: .equals("0"),
                     note: "0 of \(overparameterised): M is singular whenever n < p (§4.1's 'positive definite' is wrong)"))

        // (ii) rounded, Double and Float80 on the same data.
        let count = try context.count("instances")
        var worstD = 0.0, worstTrace = 0.0, worstPSD = 0.0, rankExcess = Int.min, smallestScale = Double.infinity, largestScale = 0.0
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        var worstW = 0.0
        #endif
        for _ in 0..<count {
            let n = 2 + (try rng.int(below: 29)), p = 2 + (try rng.int(below: 59))
            let scale = Double.pow(10, -3 + 6 * rng.uniform())
            smallestScale = min(smallestScale, scale); largestScale = max(largestScale, scale)
            let g = (0..<n).map { _ in (0..<p).map { _ in scale * rng.normal() } }
            let (d, m) = try rounded(s, g)
            worstD = propagatingMax(worstD, d.identity)
            worstTrace = propagatingMax(worstTrace, d.trace)
            var trM = 0.0
            for a in 0..<p { trM += m.secondMoment[a][a] }
            let level = 60 * Double(n + p) * Double.ulpOfOne * trM
            for matrix in [m.secondMoment, m.covariance] {
                let eig = try SymmetricEigendecomposition(try Matrix(matrix)).eigenvalues
                worstPSD = propagatingMax(worstPSD, -eig[0] / level)
                if matrix == m.secondMoment { rankExcess = max(rankExcess, eig.filter { $0 > level }.count - min(n, p)) }
            }
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            let (w, _) = try rounded(s, g.map { $0.map { Float80($0) } })
            worstW = propagatingMax(worstW, w.identity)
            #endif
        }
        e.add(Figure("identityResidual[Double]", "max over \(count) instances of max|M − Σ − μμᵀ| / (max|M|·60(n + 2)ε), Double", value: worstD, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the identity holds to rounding for gradient scales \(String(format: "%.1e", smallestScale))…\(String(format: "%.1e", largestScale))"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        e.add(Figure("identityResidual[Float80]", "the same in Float80 (units of 60(n + 2)ε_80)", value: worstW, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the identity holds to Float80 rounding too"))
        #endif
        e.add(Figure("traceResidual[Double]", "max |Tr M − Tr Σ − ‖μ‖²| / (Tr M·60(n + p + 2)ε)", value: worstTrace, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: Tr M = Tr Σ + ‖μ‖²"))
        e.add(Figure("negativeEigenvalue[Double]", "max over instances and over M, Σ of −λ_min / (60(n + p)ε·Tr M)", value: worstPSD, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: no eigenvalue below the rounding level (PSD)"))
        e.add(.count("numericalRankExcess", "max over instances of (numerical rank of M) − min(n, p)", rankExcess, requirement: .atMost(0), tier: .numerical,
                     note: "≤ 0: eigenvalues above the rounding level number at most min(n, p)"))
        e.summary = "M = Σ + μμᵀ exactly (rationals) and to rounding (Double, Float80); M and Σ are PSD, rank M ≤ min(n, p), and M is singular whenever n < p."
        return e
    }
}
