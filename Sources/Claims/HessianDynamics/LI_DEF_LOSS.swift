import Constructions
import Foundation
import Numerics

/// LI-DEF-LOSS (eqs 10–11): the per-sample log-loss with softmax, ℓ(z; y) = −log softmax(z)_y, as a function of the logits:
/// gradient q − e_y, Hessian S = diag(q) − qqᵀ, which is PSD with null vector 1 and rank k − 1. Evaluated by the stable
/// log-sum-exp it is finite wherever it is representable (logits ±800 included), where the textbook formula overflows.
enum LI_DEF_LOSS {
    enum Evaluation: String, Codable, Sendable {
        case stable = "m + log Σ exp(z_j − m), m = max z"
        case naive = "log Σ exp z_j (no shift)"
    }
    enum Curvature: String, Codable, Sendable {
        case full = "diag(q) − qqᵀ"
        case diagonalOnly = "diag(q) (the outer product dropped)"
    }

    struct Setup: ClaimSetup {
        var evaluation = Evaluation.stable
        var curvatureFormula = Curvature.full
        var seed: UInt64 = 4102
    }

    static let samples = [
        SampleCount("exactInstances", "rational probability vectors q (k ∈ 2…7) with a label", quick: 200, full: 2_000),
        SampleCount("instances", "random logit vectors (k ∈ 2…7): half of scale ≤ 20, half with entries near ±800", quick: 400, full: 4_000),
    ]

    static let claim = Claim(
        "LI-DEF-LOSS", paper: Papers.hessianDynamics, location: "§3, Eqs. (10)–(11)",
        title: "Softmax log-loss: gradient q − e_y, Hessian diag(q) − qqᵀ (PSD, rank k − 1, null vector 1), stable at logits ±800",
        expected: .definition, tiers: [.exact, .numerical], keyFigure: "nonFinite[Double]",
        statement: Statement(
            """
            For logits z ∈ ℝᵏ and a label y, the sample's loss is the negative log of the softmax probability of y, \
            ℓ(z; y) = log Σ_j exp z_j − z_y. With q = softmax(z), its gradient in z is q − e_y and its Hessian in z is \
            S = diag(q) − qqᵀ, which is positive semidefinite, annihilates the all-ones vector and has rank k − 1. Evaluated \
            as m + log Σ_j exp(z_j − m) with m = max_j z_j, the derivatives are finite for every finite z and the loss is \
            finite whenever it is representable (max_j z_j − z_y below the largest Double), logits of ±800 included.
            """,
            form: .definition,
            hypotheses: [
                Hypothesis("the log-sum-exp is evaluated with the largest logit subtracted", field: "evaluation"),
                Hypothesis("the Hessian is the full diag(q) − qqᵀ", field: "curvatureFormula"),
            ],
            construction: """
                (i) Exact: q = w/Σw with integer weights w_j ∈ 1…9 (k ∈ 2…7, seed 4102) and a uniform label, in rationals: \
                Σ_j(q − e_y)_j, S·1, the inertia of S (exact symmetric elimination) and rank S. (ii) Rounded: logits with \
                |z| ≤ 20 (C7) and logits 800·{−1, 0, 1} + N(0, 1); the loss in Double against Float80 on the same logits; its \
                gradient and Hessian by forward-mode automatic differentiation (nested dual numbers, no finite differences) of \
                the evaluated loss against q − e_y and diag(q) − qqᵀ. Tolerances: each exp has relative error ≤ ε (libm), the \
                shifted sum lies in [1, k] and carries ≤ (k + 3)u, so the loss has absolute error ≲ (k + 4)ε·(1 + 2 max|z|) and \
                every entry of q and of its derivatives (all of size ≤ 1) ≲ (k + 4)ε; the check compares with 60 times these \
                (LAPACK's threshold).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("evaluation", name: "naive log-sum-exp", """
                    log Σ exp z_j without the shift overflows to +∞ at logits near 800 (exp(800) > 1.8·10³⁰⁸), so the loss and \
                    its automatic derivatives are not finite there.
                    """) { $0.evaluation = .naive },
                .dropping("curvatureFormula", name: "Hessian without −qqᵀ", """
                    diag(q) alone: it no longer annihilates 1, has full rank and differs from the differentiated loss.
                    """) { $0.curvatureFormula = .diagonalOnly },
            ]))

    /// The textbook formula log Σ exp z_j − z_y (a negative control).
    struct NaiveLoss: ScalarFunction {
        let classes: Int, label: Int
        var inputDimension: Int { classes }
        func callAsFunction<T: Real>(_ z: [T]) throws -> T {
            var s = T.zero
            for v in z { s += T.exp(v) }
            return T.log(s) - z[label]
        }
    }

    /// The setup's loss of one sample as a function of the logits, for automatic differentiation.
    struct SetupLoss: ScalarFunction {
        let setup: Setup, classes: Int, label: Int
        var inputDimension: Int { classes }
        func callAsFunction<T: Real>(_ z: [T]) throws -> T { try lossValue(setup, z, label) }
    }

    static func lossValue<T: Real>(_ s: Setup, _ z: [T], _ y: Int) throws -> T {
        s.evaluation == .stable ? try SoftmaxCrossEntropy.loss(logits: z, label: y) : try NaiveLoss(classes: z.count, label: y)(z)
    }

    static func curvature<T: FieldElement>(_ s: Setup, _ q: [T]) throws -> [[T]] {
        let full = try SoftmaxCrossEntropy.curvature(probabilities: q)
        guard s.curvatureFormula == .diagonalOnly else { return full }
        return (0..<q.count).map { a in (0..<q.count).map { b in a == b ? q[a] : T.zero } }
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)

        // (i) exact, on rational probability vectors.
        let exactCount = try context.count("exactInstances")
        var residualSum = Rational.zero, nullDefect = Rational.zero, notPSD = 0, wrongRank = 0
        for _ in 0..<exactCount {
            let k = 2 + (try rng.int(below: 6))
            let w = try (0..<k).map { _ in 1 + (try rng.int(below: 9)) }
            let total = w.reduce(0, +)
            let q = try w.map { try Rational($0, total) }
            let y = try rng.int(below: k)
            let r = try SoftmaxCrossEntropy.residual(probabilities: q, label: y)
            residualSum = max(residualSum, try Rational.sum(r).magnitude)
            let sMatrix = try curvature(s, q)
            let ones = [Rational](repeating: .one, count: k)
            nullDefect = max(nullDefect, try Exact.apply(sMatrix, ones).map(\.magnitude).max() ?? .zero)
            if !(try Exact.definiteness(sMatrix).semidefinite) { notPSD += 1 }
            if try Exact.rank(sMatrix) != k - 1 { wrongRank += 1 }
        }
        e.add(.exact("gradientSum[exact]", "max |Σ_j (q − e_y)_j| over \(exactCount) rational instances", residualSum, requirement: .equals("0"),
                     note: "0: the logit gradient sums to zero (q sums to 1)"))
        e.add(.exact("nullVectorDefect[exact]", "max |S·1| entry, S the curvature formula", nullDefect, requirement: .equals("0"), note: "0: 1 is a null vector of S"))
        e.add(.count("notSemidefinite[exact]", "instances where S has a negative eigenvalue (exact inertia)", notPSD, requirement: .equals("0"), note: "0: S is PSD"))
        e.add(.count("rankNotKMinus1[exact]", "instances with rank S ≠ k − 1 (exact rank; every q_j > 0)", wrongRank, requirement: .equals("0"), note: "0: rank S = k − 1"))

        // (ii) rounded.
        let count = try context.count("instances")
        var nonFinite = 0, extremes = 0, worstLoss = 0.0, worstGrad = 0.0, worstHess = 0.0
        for i in 0..<count {
            let k = 2 + (try rng.int(below: 6))
            let extreme = i % 2 == 1
            let z: [Double] = try (0..<k).map { _ in
                extreme ? 800 * Double(try rng.int(below: 3) - 1) + rng.normal() : 20 * (2 * rng.uniform() - 1)
            }
            if extreme { extremes += 1 }
            let y = try rng.int(below: k)
            let loss = try lossValue(s, z, y)
            let f = SetupLoss(setup: s, classes: k, label: y)
            let grad = try Derivatives.gradient(of: f, at: z)
            let hess = try Derivatives.hessian(of: f, at: z)
            guard loss.isFinite, grad.allSatisfy(\.isFinite), hess.elements.allSatisfy(\.isFinite) else { nonFinite += 1; continue }
            let zmax = z.map(abs).max() ?? 0
            let unit = 60 * Double(k + 4) * Double.ulpOfOne
            #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
            let wide = try lossValue(s, z.map { Float80($0) }, y)
            worstLoss = propagatingMax(worstLoss, Double(abs(Float80(loss) - wide)) / (unit * (1 + 2 * zmax)))
            #else
            worstLoss = propagatingMax(worstLoss, abs(loss - (try SoftmaxCrossEntropy.loss(logits: z, label: y))) / (unit * (1 + 2 * zmax)))
            #endif
            let q = try SoftmaxCrossEntropy.probabilities(z)
            let r = try SoftmaxCrossEntropy.residual(probabilities: q, label: y)
            let sm = try curvature(s, q)
            for a in 0..<k {
                worstGrad = propagatingMax(worstGrad, abs(grad[a] - r[a]) / unit)
                for b in 0..<k { worstHess = propagatingMax(worstHess, abs(hess[a, b] - sm[a][b]) / unit) }
            }
        }
        e.add(.count("extremeInstances", "instances with logits near ±800", extremes, role: .hypothesis, requirement: .greaterThan(0),
                     note: "where exp(z_j) overflows Double"))
        e.add(.count("nonFinite[Double]", "instances whose loss, gradient or Hessian (Double) is not finite", nonFinite, requirement: .equals("0"), tier: .numerical,
                     note: "0 of \(count): the shifted log-sum-exp is finite for all these logits"))
        e.add(Figure("lossVsFloat80", "max |ℓ (Double) − ℓ (Float80)| / (60(k + 4)ε·(1 + 2 max|z|)) over finite instances", value: worstLoss, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the Double loss is accurate to its rounding bound"))
        e.add(Figure("gradientVsClosedForm", "max |∇ℓ (automatic differentiation) − (q − e_y)| / (60(k + 4)ε)", value: worstGrad, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the gradient is q − e_y"))
        e.add(Figure("hessianVsClosedForm", "max |∇²ℓ (nested duals) − S| / (60(k + 4)ε), S the curvature formula", value: worstHess, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: the Hessian is diag(q) − qqᵀ"))
        e.summary = "Gradient q − e_y and Hessian diag(q) − qqᵀ (PSD, null vector 1, rank k − 1) exactly on rational q; the shifted log-sum-exp is accurate and finite at logits ±800."
        return e
    }
}
