import Constructions
import Foundation
import Numerics

/// HC-T6-LOC (harness substitute for HC-T6): what contractivity-type structure does give SGD on least
/// squares, where the loss is Hessian contractive (HC-OBS1) but not strongly convex.
/// (a) Interpolation, rank-deficient data, α·max‖x‖² ≤ 2: every step is non-expansive about any
///     interpolating w* (each update is (I − αx xᵀ) applied to w − w*), and the component of w − w*
///     along the null direction of the data never changes — SGD stays in a ball, but does not reach w*.
/// (b) Noisy labels, started at the least-squares solution w*, α·max‖x‖² ≤ 1: E‖w_T − w*‖² ≤ αV/μ for
///     every T, with V = (1/n)Σε_j²‖x_j‖² and μ the smallest eigenvalue of H on span{x_j}.
/// (c) Twin data sets, both runs started at w*_S: the divergence does not vanish,
///     E‖Δ_T‖ ≥ ‖EΔ_T‖ ≥ ‖w*_S − w*_S'‖(1 − (1 − αμ')^T), and stays below an explicit bound.
enum HC_T6_LOC {
    enum Curvature: String, Codable, Sendable {
        case convex = "least squares ½(xᵀw − y)²"
        case concave = "concave mirror image −½(xᵀw − y)²"
    }

    struct Setup: ClaimSetup {
        var n = 30
        var noise = 0.5
        var seed: UInt64 = 10
        /// The per-sample losses are convex quadratics (least squares).
        var curvature = Curvature.convex
        /// c in α = c/max_j ‖x_j‖²: (a) needs c ≤ 2, (b) and (c) need c ≤ 1.
        var stepConstant = Rational.one
        /// (a): updates per path.
        var pathSteps = 5000
        /// (b), (c): horizon of the moment recursions and of the Monte Carlo runs.
        var horizon = 2000
        /// (b): the second step is α/k, to show the O(α) scaling.
        var stepDivisor = 4
    }

    static let samples = [
        SampleCount("paths", "(a) interpolation paths checked step by step", quick: 4, full: 50),
        SampleCount("monteCarloPaths", "(b), (c) Monte Carlo paths (single runs and coupled twin pairs)", quick: 200, full: 4000),
    ]

    static let claim = Claim(
        "HC-T6-LOC", paper: Papers.stabilityTightness, location: "§4.1, substitute for Theorem 6 (harness addition)",
        title: "Least squares localises SGD: non-expansive steps, E‖w_T − w*‖² ≤ αV/μ, and a twin divergence that stays bounded but does not vanish",
        expected: .holds, tiers: [.exact, .certified, .numerical, .statistical], keyFigure: "maxStepIncreaseOverBound",
        errata: [
            """
            Part (c) is the Ω(1) lower bound of Table 1's Hessian-contractive column: with twin data sets the expected \
            divergence tends to a positive constant at least ‖w*_S − w*_S'‖, so contractivity cannot make it vanish.
            """,
            """
            With a non-trivial null space, SGD under interpolation never reaches a given interpolating w*: the null \
            component of w_0 − w* is invariant (here |(w_0 − w*)·(e1 − e5)/√2| = 1/√2·|w*_1 − w*_5|).
            """,
        ],
        statement: Statement(
            """
            For least squares on data spanning a subspace V with smallest eigenvalue μ > 0 of H on V: (a) if the labels are \
            interpolated by w* and α·max‖x‖² ≤ 2, every SGD step satisfies ‖w_{t+1} − w*‖ ≤ ‖w_t − w*‖ and the component \
            of w_t − w* orthogonal to V is constant; (b) with arbitrary labels, started at the least-squares solution w* in V \
            and α·max‖x‖² ≤ 1, E‖w_T − w*‖² ≤ αV/μ for every T, V = (1/n)Σε_j²‖x_j‖²; (c) for twin data sets and both runs \
            started at w*_S, E‖Δ_T‖ ≥ ‖w*_S − w*_S'‖(1 − (1 − αμ')^T) > 0 and E‖Δ_T‖ ≤ √(αV/μ) + √u'_T + ‖w*_S − w*_S'‖ \
            with u'_T an explicit bounded sequence.
            """,
            hypotheses: [
                Hypothesis("every per-sample loss is a convex quadratic ½(xᵀw − y)²", field: "curvature"),
                Hypothesis("α·max‖x_j‖² ≤ 1 (≤ 2 suffices for (a))", field: "stepConstant"),
                Hypothesis("(a): the labels are interpolated by w* (checked exactly)"),
                Hypothesis("(b), (c): w* is the least-squares solution in V (normal equations checked exactly) and μ > 0"),
            ],
            construction: """
                RankDeficientLeastSquares: n = 30, d = 5, features multiples of 1/4 with x_5 = x_1 (V = {w_1 = w_5}, rank 4), \
                w_true = (3/4, −1/2, 5/4, 1/4, −1/4). (a) Labels y = xᵀw_true, w* = w_true, paths of 5000 updates from 0 with \
                α = 1/max‖x‖²; every step's distance increase is compared with its derived rounding bound, and the null \
                component w_1 − w_5 with its own. (b) Labels plus noise in multiples of 1/8 (standard deviation 1/2), w* the \
                exact least-squares solution in V, residuals ε_j exact; E‖w_t − w*‖² from the exact second-moment recursion \
                P' = (1/n)Σ_j(M_jPM_j + α²ε_j²x_jx_jᵀ), M_j = I − αx_jx_jᵀ, in Double (Float80 on a prefix), at α and α/4, \
                against αV/μ, with a Monte Carlo cross-check. (c) S' replaces the last sample by a fresh one; both runs \
                start at w*_S; ‖EΔ_T‖ from the mean recursion, the bound from u'_{t+1} = (1 − αμ')u'_t + α²V' + \
                2α²‖g'‖(1 − αμ')^t‖Δ*‖ (g' = (1/n)Σε'_j‖x'_j‖²x'_j), and coupled Monte Carlo runs.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("curvature", name: "concave per-sample losses", """
                    Flip every per-sample loss to −½(xᵀw − y)² (curvature −1 along each data direction, as the non-convex \
                    construction of Theorems 3 and 5): each step pushes away from w*, the distance grows geometrically and \
                    the localisation checks must fail.
                    """) { $0.curvature = .concave },
                .dropping("stepConstant", name: "step α·max‖x‖² = 3", """
                    Take α = 3/max‖x‖²: on the largest sample the factor |1 − α‖x‖²| = 2 expands the distance, so the \
                    per-step non-expansiveness and the second-moment bound must fail.
                    """) { $0.stepConstant = Rational(3) },
            ]))

    // MARK: check

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let p = try RankDeficientLeastSquares(n: s.n, noise: s.noise, seed: s.seed)
        let x = try p.features.map { try $0.map { try Rational(exactly: $0) } }
        let r2 = try x.map { try Exact.squaredNorm($0) }.max()! // n ≥ 5
        let alpha = try s.stepConstant / r2
        let sign = s.curvature == .convex ? 1.0 : -1.0
        e.add(.exact("stepConstant", "α·max‖x_j‖²", s.stepConstant, role: .hypothesis, requirement: .atMost(1),
                     note: "≤ 1: the step condition of (b) and (c) (and ≤ 2 of (a)); α = \(alpha)"))
        let curve = try interpolation(s, p, alpha: alpha, sign: sign, context, &e)
        let moments = try noisy(s, p, alpha: alpha, sign: sign, context, &e)
        try twins(s, p, alpha: alpha, sign: sign, context, &e)
        if s == Setup() { try e.plots += plots(s, p, alpha: alpha, curve: curve, moments: moments) }
        e.summary = """
            (a) Along every interpolation path no step increases the distance to w* beyond its rounding bound, and the null \
            component stays constant, so the distance levels off at it; (b) the exact second moment E‖w_t − w*‖² stays below \
            αV/μ at α and α/4 and scales like α; (c) the twin divergence stays below its explicit bound and above \
            ‖w*_S − w*_S'‖(1 − (1 − αμ')^T) > 0.
            """
        return e
    }

    /// (a) Per-step non-expansiveness and the invariant null component. Returns the distance curve of path 0.
    static func interpolation(_ s: Setup, _ p: RankDeficientLeastSquares, alpha: Rational, sign: Double, _ context: CheckContext,
                              _ e: inout Evidence) throws -> [(Double, Double)] {
        let x = try p.features.map { try $0.map { try Rational(exactly: $0) } }
        let w = try p.wTrue.map { try Rational(exactly: $0) }
        let y = try p.consistentLabels.map { try Rational(exactly: $0) }
        let worstResidual = try LeastSquaresFacts.residuals(features: x, labels: y, at: w).map(\.magnitude).max()! // n ≥ 5
        e.add(.exact("interpolationResidual", "max_j |y_j − x_jᵀw*| with w* = w_true", worstResidual, role: .hypothesis, requirement: .equals("0"),
                     note: "0: the labels are interpolated (exact)"))
        let sgd = try LeastSquaresSGD(features: p.features, labels: p.consistentLabels, sign: sign, alpha: alpha)
        let a = alpha.doubleValue, d = Double(RankDeficientLeastSquares.dimension), eps = Double.ulpOfOne
        let wStar = p.wTrue
        var worst = 0.0, worstDrift = 0.0
        var curve: [(Double, Double)] = []
        var finalDistance = 0.0
        let norms = p.features.map { Vector.norm2($0) }
        let d0 = wStar[0] - wStar[4] // null component (unnormalised) of 0 − w*, up to sign
        for path in 0..<(try context.count("paths")) {
            var driftBound = 0.0
            let (wT, _) = try sgd.run(Double.self, initial: [0, 0, 0, 0, 0], steps: s.pathSteps, seed: UInt64(path + 1)) { t, before, after, j, r in
                var sb = 0.0, sa = 0.0, sw = 0.0, sn = 0.0
                for k in 0..<5 {
                    sb += (before[k] - wStar[k]) * (before[k] - wStar[k]); sa += (after[k] - wStar[k]) * (after[k] - wStar[k])
                    sw += before[k] * before[k]; sn += after[k] * after[k]
                }
                let eb = sb.squareRoot(), ea = sa.squareRoot(), nx = norms[j]
                // Rounding of one step (derived in the figure's note), doubled by using ε = 2u throughout.
                let bound = 1.01 * eps * (a * nx * ((d + 1) * (nx * sw.squareRoot() + abs(p.consistentLabels[j])) + 2 * abs(r))
                                          + sn.squareRoot() + (d + 3) * (eb + ea))
                worst = max(worst, (ea - eb) / bound)
                driftBound += eps * (abs(after[0]) + abs(after[4]))
                if path == 0 && (t < 100 || (t + 1) % 50 == 0) { curve.append((Double(t + 1), ea)) }
            }
            // w_0 = 0, so w_1 − w_5 starts at 0; invariance means it stays there up to the roundings.
            let drift = abs(wT[0] - wT[4])
            worstDrift = max(worstDrift, drift / (driftBound + Double.leastNormalMagnitude))
            if path == 0 { finalDistance = Vector.norm2(zip(wT, wStar).map { $0 - $1 }) }
        }
        e.add(Figure("maxStepIncreaseOverBound", "max over steps and paths of (‖w_{t+1} − w*‖ − ‖w_t − w*‖) / rounding bound", value: worst,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: """
                        ≤ 1: no step moves away from w* beyond rounding. Bound per step: ε[α‖x‖((d + 1)(‖x‖‖w_t‖ + |y|) + 2|r|) + \
                        ‖w_{t+1}‖ + (d + 3)(‖e_t‖ + ‖e_{t+1}‖)], ε = 2⁻⁵² = 2u: the residual's d + 1 roundings, the two of α·r·x, \
                        the update's one, and the two measured distances; the exact step from the rounded w_t is non-expansive
                        """))
        e.add(Figure("nullComponentDriftOverBound", "max over paths of |Δ(w_1 − w_5)| / Σ_t ε(|w_1| + |w_5|)", value: worstDrift,
                     tier: .numerical, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: w_1 and w_5 receive bitwise the same decrement (x_1 = x_5), so their difference moves only by the two roundings of each update"))
        e.add(Figure("nullDistance", "|null component of w_0 − w*| = |w*_1 − w*_5|/√2", value: abs(d0) / 2.0.squareRoot(), tier: .numerical,
                     tolerance: .relative(1e-15), note: "the distance SGD can never remove (catalog's data: 0.2693)"))
        e.add(Figure("finalDistance", "‖w_T − w*‖ after \(s.pathSteps) steps (path 1)", value: finalDistance, tier: .numerical, tolerance: .relative(1e-6),
                     note: "levels off at the null distance: localised, not convergent"))
        return curve
    }

    /// (b) The exact second-moment recursion against αV/μ at α and α/k. Returns the curves for the plot.
    static func noisy(_ s: Setup, _ p: RankDeficientLeastSquares, alpha: Rational, sign: Double, _ context: CheckContext,
                      _ e: inout Evidence) throws -> [(alpha: Rational, moments: [Double], bound: Double)] {
        let x = try p.features.map { try $0.map { try Rational(exactly: $0) } }
        let y = try p.noisyLabels.map { try Rational(exactly: $0) }
        let wStar = try LeastSquaresFacts.solution(features: x, labels: y, basis: RankDeficientLeastSquares.spanBasis)
        let eps = try LeastSquaresFacts.residuals(features: x, labels: y, at: wStar)
        var normal = [Rational](repeating: .zero, count: 5)
        for (j, xj) in x.enumerated() { normal = try Exact.add(normal, try Exact.scale(xj, by: eps[j])) }
        e.add(.exact("normalEquationsResidual", "max_k |Σ_j ε_j x_jk| at w*", normal.map(\.magnitude).max()!, role: .hypothesis, requirement: .equals("0"),
                     note: "0: w* is the least-squares solution (exact), so E(w_t − w*) = 0 for a run started at w*"))
        let mu = try LeastSquaresFacts.restrictedMinEigenvalue(features: x, basis: RankDeficientLeastSquares.spanBasis, Double.self)
        e.add(Figure("restrictedMinEigenvalue", "μ = λ_min(H on V)", value: mu, tier: .numerical, role: .hypothesis, requirement: .greaterThan(0),
                     tolerance: .relative(1e-9), note: "> 0: H is positive definite on the span of the data"))
        #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
        let muX = try LeastSquaresFacts.restrictedMinEigenvalue(features: x, basis: RankDeficientLeastSquares.spanBasis, Float80.self)
        let hNorm = x.map { $0.map { $0.doubleValue } }.map { $0.reduce(0) { $0 + $1 * $1 } }.reduce(0, +) / Double(x.count)
        e.add(Figure("restrictedMinEigenvaluePrecisionGap", "|μ_Double − μ_Float80| / (60·r·ε·tr H)", value: abs(mu - Double(muX)) / (60 * 4 * Double.ulpOfOne * hNorm),
                     tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5),
                     note: "≤ 1: Jacobi on the 4×4 restricted matrix is backward stable (absolute error O(r·ε·‖H‖), LAPACK's factor 60)"))
        #endif
        var v = Rational.zero
        for (j, xj) in x.enumerated() { v = try v + eps[j] * eps[j] * Exact.squaredNorm(xj) }
        v = try v / Rational(x.count)
        e.add(.exact("noiseLevel", "V = (1/n)Σ_j ε_j²‖x_j‖²", v, note: "exact"))
        var out: [(Rational, [Double], Double)] = []
        let mc = try context.count("monteCarloPaths")
        for (k, step) in [alpha, try alpha / Rational(s.stepDivisor)].enumerated() {
            let tag = "[alpha=\(k == 0 ? "a" : "a/\(s.stepDivisor)")]"
            let sgd = try LeastSquaresSGD(features: p.features, labels: p.noisyLabels, sign: sign, alpha: step)
            let m = try sgd.secondMoments(Double.self, residuals: eps, steps: s.horizon)
            let bound = step.doubleValue * v.doubleValue / mu
            e.add(Figure("maxSecondMomentOverBound" + tag, "max_t E‖w_t − w*‖² / (αV/μ), t ≤ \(s.horizon)", value: m.max()! / bound, // horizon ≥ 1
                         tier: .numerical, requirement: .atMost(1), tolerance: .relative(1e-9),
                         note: "≤ 1: E‖e_{t+1}‖² ≤ (1 − αμ)E‖e_t‖² + α²V (αmax‖x‖² ≤ 1, E e_t = 0), so αV/μ bounds every T; αV/μ = \(bound)"))
            e.add(Figure("stationarySecondMoment" + tag, "E‖w_T − w*‖² at T = \(s.horizon)", value: m.last!, tier: .numerical, tolerance: .relative(1e-9),
                         note: "the catalog's data: 0.0443 at α = 0.0502 and 0.0111 at α/4"))
            out.append((step, m, bound))
            if k == 0 {
                #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
                let prefix = min(300, m.count)
                let mx = try sgd.secondMoments(Float80.self, residuals: eps, steps: prefix)
                let d = 5.0, n = Double(x.count)
                var gap = 0.0, running = 0.0
                for t in 0..<prefix {
                    running = max(running, m[t])
                    let scale = Double(t + 1) * d * 4 * (d + n + 8) * Double.ulpOfOne * running
                    gap = max(gap, abs(m[t] - Double(mx[t])) / scale)
                }
                e.add(Figure("secondMomentPrecisionGap", "max_t |tr P_t (Double) − (Float80)| / (t·4d(d + n + 8)·ε·max tr P)", value: gap,
                             tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5),
                             note: "≤ 1 over the first \(prefix) steps: per step each entry of P' rounds at most d + n + 8 times on terms of size ≤ 4 tr P (α‖x‖² ≤ 1), the trace adds d entries, and errors are not amplified by the contraction"))
                #endif
                // Monte Carlo cross-check of the recursion (skipped when the recursion diverged: nothing to compare).
                if m.count == s.horizon && m.last! < 1e6 {
                    let start = wStar.map(\.doubleValue)
                    var w = Welford<Double>()
                    for path in 0..<mc {
                        let (wT, _) = try sgd.run(Double.self, initial: start, steps: s.horizon, seed: UInt64(1000 + path))
                        try w.add(zip(wT, start).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) })
                    }
                    let se = try w.standardError()
                    e.add(Figure("secondMomentMonteCarloZ" + tag, "|MC mean ‖w_T − w*‖² − recursion| / se", value: abs(w.mean - m.last!) / se,
                                 tier: .statistical, role: .crossCheck, requirement: .atMost(3.29), tolerance: .relative(1e-9),
                                 note: "99.9% (z = 3.29), \(mc) paths of \(s.horizon) steps from w* rounded to Double; MC \(w.mean) ± \(se)"))
                }
            }
        }
        if out.count == 2 {
            e.add(Figure("stationaryRatio", "E‖w_T − w*‖² at α over at α/\(s.stepDivisor)", value: out[0].1.last! / out[1].1.last!, tier: .numerical,
                         tolerance: .relative(1e-9), note: "≈ \(s.stepDivisor): the stationary spread is O(α) (catalog: 3.99)"))
        }
        return out
    }

    /// (c) Twin data sets: the divergence stays bounded and does not vanish.
    static func twins(_ s: Setup, _ p: RankDeficientLeastSquares, alpha: Rational, sign: Double, _ context: CheckContext,
                      _ e: inout Evidence) throws {
        let other = try RankDeficientLeastSquares(n: 5, noise: s.noise, seed: s.seed &+ 1)
        var fx = p.features, fy = p.noisyLabels
        fx[s.n - 1] = other.features[0]; fy[s.n - 1] = other.noisyLabels[0]
        let basis = RankDeficientLeastSquares.spanBasis
        let xs = try p.features.map { try $0.map { try Rational(exactly: $0) } }, ys = try p.noisyLabels.map { try Rational(exactly: $0) }
        let xt = try fx.map { try $0.map { try Rational(exactly: $0) } }, yt = try fy.map { try Rational(exactly: $0) }
        let wS = try LeastSquaresFacts.solution(features: xs, labels: ys, basis: basis)
        let wT = try LeastSquaresFacts.solution(features: xt, labels: yt, basis: basis)
        let epsS = try LeastSquaresFacts.residuals(features: xs, labels: ys, at: wS)
        let epsT = try LeastSquaresFacts.residuals(features: xt, labels: yt, at: wT)
        let deltaStar = try Exact.subtract(wS, wT)
        // ‖Δ*‖² exactly while 128 bits hold it, else a certified enclosure (Quantity falls back to intervals).
        var squared = Quantity.zero
        for c in deltaStar { squared = try squared + Quantity.exact(c) * Quantity.exact(c) }
        let limit = try squared.interval().squareRoot()
        e.add(.certified("limitDivergence", "‖w*_S − w*_S'‖", limit, requirement: .greaterThan(0), tolerance: .relative(1e-12),
                         note: "> 0: the twin least-squares solutions differ (exact solve, certified square root), so the divergence has a positive floor"))
        let n = Double(s.n), a = alpha.doubleValue
        let mu = try LeastSquaresFacts.restrictedMinEigenvalue(features: xs, basis: basis, Double.self)
        let muT = try LeastSquaresFacts.restrictedMinEigenvalue(features: xt, basis: basis, Double.self)
        func noise(_ x: [[Rational]], _ eps: [Rational]) throws -> (v: Double, g: Double) {
            var v = 0.0, g = [Double](repeating: 0, count: 5)
            for (j, xj) in x.enumerated() {
                let e2 = eps[j].doubleValue * eps[j].doubleValue, nx = try Exact.squaredNorm(xj).doubleValue
                v += e2 * nx / n
                for k in 0..<5 { g[k] += eps[j].doubleValue * nx * xj[k].doubleValue / n }
            }
            return (v, Vector.norm2(g))
        }
        let (v, _) = try noise(xs, epsS), (vT, gT) = try noise(xt, epsT)
        // Mean of the S' run from w*_S: m' ← m' − sα(H'm' − b'), b' = (1/n)Σy'x'.
        let start = wS.map(\.doubleValue)
        var m = start
        var maxNorm = Vector.norm2(m)
        let q = 1 - a * muT
        var u = limit.midpoint * limit.midpoint
        let dStar = limit.midpoint
        let labelScale = (0..<s.n).map { Vector.norm2(fx[$0]) * abs(fy[$0]) }.max()! // n ≥ 5
        var pow = 1.0
        var minMargin = Double.infinity, meanDivergence = 0.0
        for t in 1...s.horizon {
            var grad = [Double](repeating: 0, count: 5)
            for j in 0..<s.n {
                var r = -fy[j]
                for k in 0..<5 { r += fx[j][k] * m[k] }
                for k in 0..<5 { grad[k] += r * fx[j][k] / n }
            }
            for k in 0..<5 { m[k] -= sign * a * grad[k] }
            maxNorm = max(maxNorm, Vector.norm2(m))
            u = q * u + a * a * vT + 2 * a * a * gT * pow * dStar
            pow *= q
            // ‖EΔ_t‖ against ‖Δ*‖(1 − q^t), with the rounding of t mean updates and of the two norms (see the note).
            meanDivergence = Vector.norm2(zip(start, m).map { $0 - $1 })
            let rounding = Double(t) * (5 + n + 6) * 5.0.squareRoot() * Double.ulpOfOne * (maxNorm + a * labelScale) + 16 * Double.ulpOfOne * dStar
            minMargin = min(minMargin, meanDivergence - dStar * (1 - pow) + rounding)
            if !(maxNorm < 1e100) { break }
        }
        e.add(Figure("meanDivergenceMargin", "min over t ≤ \(s.horizon) of ‖EΔ_t‖ − ‖Δ*‖(1 − (1 − αμ')^t) + rounding bound", value: minMargin,
                     tier: .numerical, requirement: .atLeast(0), tolerance: .absolute(1e-9),
                     note: "≥ 0: EΔ_t = (I − (I − αH')^t)Δ* (the S-run's mean stays at w*_S), so E‖Δ_t‖ ≥ ‖EΔ_t‖ ≥ ‖Δ*‖(1 − (1 − αμ')^t). Rounding bound t(d + n + 6)√d·ε·(max‖m‖ + α·max‖x‖|y|) + 16ε‖Δ*‖: each mean update rounds d + n + 6 times per coordinate relative to ‖m‖ + α‖x‖|y| (α‖x‖² ≤ 1), errors are not amplified (I − αH' contracts on V), √d for the norm"))
        e.add(Figure("meanDivergenceOverLimit", "‖EΔ_T‖/‖Δ*‖ at T = \(s.horizon)", value: meanDivergence / dStar, tier: .numerical, tolerance: .relative(1e-9),
                     note: "→ 1: the expected divergence tends to a positive constant (Table 1's Ω(1) for the Hessian-contractive column)"))
        let upper = (a * v / mu).squareRoot() + max(u, 0).squareRoot() + dStar
        e.add(Figure("divergenceUpperBound", "√(αV/μ) + √u'_T + ‖Δ*‖ at T = \(s.horizon)", value: upper, tier: .numerical, tolerance: .relative(1e-9),
                     note: "bounded in T: u'_t → αV'/μ'"))
        let mc = try context.count("monteCarloPaths")
        let sgdS = try LeastSquaresSGD(features: p.features, labels: p.noisyLabels, sign: sign, alpha: alpha)
        let sgdT = try LeastSquaresSGD(features: fx, labels: fy, sign: sign, alpha: alpha)
        var w = Welford<Double>()
        for path in 0..<mc {
            let (a1, _) = try sgdS.run(Double.self, initial: start, steps: s.horizon, seed: UInt64(5000 + path))
            let (a2, _) = try sgdT.run(Double.self, initial: start, steps: s.horizon, seed: UInt64(5000 + path)) // shared indices
            try w.add(Vector.norm2(zip(a1, a2).map { $0 - $1 }))
        }
        let se = max(try w.standardError(), Double.leastNormalMagnitude)
        e.add(Figure("divergenceUpperZ", "(MC mean ‖Δ_T‖ − upper bound) / se", value: (w.mean - upper) / se, tier: .statistical,
                     requirement: .atMost(3.09), tolerance: .absolute(1e-6),
                     note: "≤ 3.09 (one-sided 99.9%): the Monte Carlo mean over \(mc) coupled pairs is consistent with the bound; MC \(w.mean) ± \(se)"))
        e.add(Figure("divergenceJensenZ", "(‖EΔ_T‖ − MC mean ‖Δ_T‖) / se", value: (meanDivergence - w.mean) / se, tier: .statistical, role: .crossCheck,
                     requirement: .atMost(3.09), tolerance: .absolute(1e-6),
                     note: "≤ 3.09 (one-sided 99.9%): E‖Δ_T‖ ≥ ‖EΔ_T‖ (Jensen), the recursion's mean against the simulation"))
    }

    // MARK: plots

    static func plots(_ s: Setup, _ p: RankDeficientLeastSquares, alpha: Rational, curve: [(Double, Double)],
                      moments: [(alpha: Rational, moments: [Double], bound: Double)]) throws -> [Plot] {
        let ts = curve.map(\.0)
        let floor = abs(p.wTrue[0] - p.wTrue[4]) / 2.0.squareRoot()
        let distance = Plot(
            key: "distance-vs-steps",
            caption: """
                (a) ‖w_t − w*‖ along one interpolation path from w_0 = 0 (α = 1/max‖x‖², log–log axes): it never increases \
                and levels off within about a hundred steps at the null-direction component |w*_1 − w*_5|/√2, which no SGD \
                step can change.
                """,
            chart: LinePlot(
                title: "HC-T6-LOC (a): SGD on interpolating least squares is non-expansive",
                xAxis: PlotAxis("SGD step t (log scale)", scale: .log10),
                yAxis: PlotAxis("‖w_t − w*‖ (parameter units, log scale)", scale: .log10),
                series: [
                    PlotSeries("‖w_t − w*‖", x: ts, y: curve.map(\.1), style: .line, color: 0),
                    PlotSeries("null component |w*_1 − w*_5|/√2", x: [ts.first!, ts.last!], y: [floor, floor], style: .reference, color: 1),
                ]))
        var series: [PlotSeries] = []
        for (k, m) in moments.enumerated() {
            let t = (1...m.moments.count).map(Double.init)
            let name = k == 0 ? "α" : "α/\(s.stepDivisor)"
            series.append(PlotSeries("E‖w_t − w*‖², step \(name)", x: t, y: m.moments, style: .line, color: k))
            series.append(PlotSeries("bound αV/μ, step \(name)", x: [1, Double(m.moments.count)], y: [m.bound, m.bound], style: .reference, color: k))
        }
        let spread = Plot(
            key: "second-moment-vs-steps",
            caption: """
                (b) The exact E‖w_t − w*‖² of SGD started at the least-squares solution, for the step α = 1/max‖x‖² and α/4, \
                with the bounds αV/μ (dashed): the spread saturates below its bound, and quartering the step quarters it.
                """,
            chart: LinePlot(
                title: "HC-T6-LOC (b): the stationary spread of SGD is O(α)",
                xAxis: PlotAxis("SGD step t (log scale)", scale: .log10),
                yAxis: PlotAxis("E‖w_t − w*‖² (log scale)", scale: .log10),
                series: series))
        return [distance, spread]
    }
}
