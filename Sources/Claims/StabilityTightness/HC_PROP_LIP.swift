import Constructions
import Numerics

/// HC-PROP-LIP: if every f(·; z) is L-Lipschitz on the set the iterates visit, |f(w; z) − f(w'; z)| ≤ L‖w − w'‖ there,
/// hence ε_stab ≤ L·δ_T. Checked exactly, path by path and in expectation, on a strongly convex quadratic whose
/// runs separate along curved directions — where the loss gap is not simply ‖Δ‖ and an L taken at w_0 alone fails.
enum HC_PROP_LIP {
    enum LipschitzDomain: String, Codable, Sendable {
        case invariantBall = "the invariant ball ‖w‖ ≤ 1/λ_min that contains every iterate"
        case initialPoint = "the initial point w_0 = 0 only"
    }

    struct Setup: ClaimSetup {
        var domain = LipschitzDomain.invariantBall
        var horizon = 10
    }

    static let claim = Claim(
        "HC-PROP-LIP", paper: Papers.stabilityTightness, location: "§2, the remark after Definition 4",
        title: "Lipschitz losses turn divergence into stability: |f(w; z) − f(w'; z)| ≤ L‖w − w'‖, so ε_stab ≤ L·sup δ_T",
        expected: .holds, tiers: [.exact, .certified], keyFigure: "maxPathQuotientOverL",
        statement: Statement(
            """
            If f(·; z) is L-Lipschitz on a convex set containing w and w' for every z in the data domain, then \
            sup_z |f(w; z) − f(w'; z)| ≤ L‖w − w'‖. Applied to the coupled outputs of one twin pair, \
            sup_z E|f(w_T; z) − f(w'_T; z)| ≤ L·E‖w_T − w'_T‖ = L·δ_T; taking the supremum over twin pairs (with L \
            valid for all of them), ε_stab ≤ L·sup_{S,S'} δ_T.
            """,
            hypotheses: [Hypothesis("L bounds ‖∇f(w; z)‖ on a convex set containing every iterate, for every z in Z", field: "domain")],
            construction: """
                d = 2, f(w; (x, y)) = ½wᵀAw − y·xᵀw with A = [[1, 1/4], [1/4, 1/2]] (λ = 3/4 ± √(1/8)), shared point \
                ((1, 0), 1), differing point ((0, 1), 1) in S and ((0, −1), 1) in S', n = 2, step 1/2, T = 10, w_0 = 0; \
                Z = {‖x‖ ≤ 1, |y| ≤ 1}. Since α(λ_min + λ_max) ≤ 2, ‖I − αA‖₂ = 1 − αλ_min and the ball ‖w‖ ≤ 1/λ_min is \
                invariant (the training points have ‖yx‖ ≤ 1); on it ‖Aw − yx‖ ≤ λ_max/λ_min + 1 = L (certified enclosure). \
                All 2¹⁰ index sequences are enumerated in rationals, and every output is checked to lie in the ball; the \
                test points are 128 points (x, ±1) with x on a 1/16 grid just inside the unit circle. For a quadratic the gap is ∇f(midpoint; z)ᵀΔ, so runs separating along curved directions make it \
                exceed ‖Δ‖ — the inequality has something to hold against.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("domain", name: "L at w_0 only", """
                Take L as sup_z ‖∇f(w_0; z)‖ = 1, the gradient bound at the starting point: the iterates move where the \
                gradients are larger (the hypothesis figure gradientsOverL fails), and both the path quotient and the \
                expectation ratio exceed 1.
                """) { $0.domain = .initialPoint }]))

    static let half = try! Rational(1, 2) // denominator ≠ 0

    /// The test points: x = (k/16, ±⌊√(256 − k²)⌋/16), k = −16…16 (deduplicated), with y = ±1.
    static var testPoints: [LabeledPoint] {
        var xs: [[Double]] = []
        for k in -16...16 {
            var j = 0
            while (j + 1) * (j + 1) + k * k <= 256 { j += 1 }
            for s in Set([j, -j]) { xs.append([Double(k) / 16, Double(s) / 16]) }
        }
        return xs.flatMap { [LabeledPoint($0, 1), LabeledPoint($0, -1)] }
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let loss = try QuadraticLoss(HC_DEF_DIV.rotatedLoss)
        let run = try ExactCoupledSGD(loss: loss, s: HC_DEF_DIV.rotatedS, sPrime: HC_DEF_DIV.rotatedSPrime,
                                      steps: Array(repeating: half, count: s.horizon), initial: [.zero, .zero])
        let pairs = try run.finalPairs()
        // Eigenvalues 3/4 ± √(1/8); L on the invariant ball, or at w_0 (sup_z ‖y·x‖ = 1).
        let root = try Quantity.exact(try Rational(1, 8)).squareRoot()
        let threeQuarters = Quantity.exact(try Rational(3, 4))
        let (lambdaMin, lambdaMax) = (try threeQuarters - root, try threeQuarters + root)
        let l = s.domain == .invariantBall ? try lambdaMax / lambdaMin + .one : Quantity.one
        e.add(.exact("stepTimesTrace", "α·(λ_min + λ_max) = α·trace(A)", try half * Rational(3, 2), role: .hypothesis, requirement: .atMost(2),
                     note: "≤ 2: ‖I − αA‖₂ = 1 − αλ_min, so ‖w‖ ≤ 1/λ_min is invariant"))
        e.add(.quantity("lipschitz", "L used (\(s.domain.rawValue))", l, tolerance: .relative(1e-12), note: "λ_max/λ_min + 1 ≈ 3.78 on the ball"))
        // The invariance argument needs ‖yx‖ ≤ 1 at the training points, and the test points must lie in Z.
        var dataNorm = Rational.zero
        for z in HC_DEF_DIV.rotatedS + HC_DEF_DIV.rotatedSPrime + testPoints {
            let x = try z.x.map { try Rational(exactly: $0) }, y = try Rational(exactly: z.y)
            dataNorm = max(dataNorm, try y * y * Exact.dot(x, x))
        }
        e.add(.exact("maxSquaredNormYX", "max ‖y·x‖² over S ∪ S' and the test points", dataNorm, role: .hypothesis, requirement: .atMost(1),
                     note: "≤ 1: the data lie in Z, as the invariant ball and L assume"))
        // Path by path: max over sequences and test points of gap²/‖Δ‖² (exact), then its square root.
        var maxQuotientSquared = Rational.zero, maxIterateSquared = Rational.zero, maxGradientSquared = Rational.zero
        var gapSums = Array(repeating: Rational.zero, count: testPoints.count)
        let exactTestPoints = try testPoints.map { z in (x: try z.x.map { try Rational(exactly: $0) }, y: try Rational(exactly: z.y)) }
        for p in pairs {
            // Every output in the invariant ball, and every gradient met at an output bounded by L (‖Aw − yx‖ is
            // convex in w, so its maximum on the segment [w_T, w'_T] is at an end).
            for w in [p.w, p.wPrime] {
                maxIterateSquared = max(maxIterateSquared, try Exact.dot(w, w))
                let aw = try Exact.apply(loss.a, w)
                for z in exactTestPoints {
                    let g = try zip(aw, z.x).map { try $0 - z.y * $1 }
                    maxGradientSquared = max(maxGradientSquared, try Exact.dot(g, g))
                }
            }
            var norm2 = Rational.zero
            for k in 0..<p.w.count { let d = try p.w[k] - p.wPrime[k]; norm2 = try norm2 + d * d }
            for (k, z) in testPoints.enumerated() {
                let gap = try run.value(p.w, z) - run.value(p.wPrime, z)
                gapSums[k] = try gapSums[k] + gap.magnitude
                if norm2 != .zero { maxQuotientSquared = max(maxQuotientSquared, try gap * gap / norm2) }
            }
        }
        e.add(.quantity("maxIterateNormTimesLambdaMin", "max over the outputs w_T, w'_T of ‖w‖·λ_min", try Quantity.exact(maxIterateSquared).squareRoot() * lambdaMin,
                        role: .hypothesis, requirement: .atMost(1), tolerance: .relative(1e-12),
                        note: "≤ 1: every output lies in the invariant ball ‖w‖ ≤ 1/λ_min on which L is computed (certified)"))
        e.add(.quantity("gradientsOverL", "max over the outputs and test points of ‖∇f(w; z)‖ / L", try Quantity.exact(maxGradientSquared).squareRoot() / l,
                        role: .hypothesis, requirement: .atMost(1), tolerance: .relative(1e-12),
                        note: "≤ 1: the L used bounds every gradient met where the loss gap is taken (certified)"))
        let quotient = try Quantity.exact(maxQuotientSquared).squareRoot()
        e.add(.quantity("maxPathQuotient", "max over sequences and test points of |f(w_T; z) − f(w'_T; z)| / ‖Δ_T‖", quotient,
                        tolerance: .relative(1e-12), note: "> 1: the gap is not simply ‖Δ‖ here"))
        e.add(.quantity("maxPathQuotientOverL", "the same maximum / L", try quotient / l, requirement: .atMost(1), tolerance: .relative(1e-12),
                        note: "≤ 1 on every path and test point (certified)"))
        let stabilityLower = try (gapSums.max() ?? .zero) / Rational(pairs.count)
        let divergence = try run.expectedDivergence(pairs)
        e.add(.exact("stabilityLowerBound", "max over the test points of E|f(w_T; z) − f(w'_T; z)|", stabilityLower,
                     note: "a lower bound on ε_stab (test points in Z)"))
        e.add(.quantity("stabilityOverLDivergence", "the lower bound / (L·δ_T)", try .exact(stabilityLower) / (l * divergence), requirement: .atMost(1),
                        tolerance: .relative(1e-12), note: "≤ 1: sup_z E|gap| ≤ L·δ_T on this twin pair"))
        e.summary = "On every path and test point the loss gap stays below L‖Δ_T‖ (it reaches about 1.31‖Δ_T‖, so L at w_0 = 1 fails)."
        return e
    }
}
