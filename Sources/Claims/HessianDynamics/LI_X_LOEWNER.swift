import Constructions
import Foundation
import Numerics

/// LI-X-LOEWNER (harness addition, multiclass form of LI-EX2): for a probability vector q with q_y > 0, r = q − e_y and
/// S = diag(q) − qqᵀ, rrᵀ ⪯ ((1 − q_y)/q_y)·S, with equality for two classes. Proof: x = 1 − e_y/q_y solves Sx = r (because
/// qᵀx = 0), so r lies in the range of S and rᵀS⁺r = rᵀx = (1 − q_y)/q_y; for r in the range of a PSD S,
/// rrᵀ ⪯ (rᵀS⁺r)·S by Cauchy–Schwarz in the S inner product. The constant is the smallest possible: xᵀ(cS − rrᵀ)x = 0.
/// Summed over samples: M ⪯ max_i((1 − q_{i,y_i})/q_{i,y_i})·GGN, which is M ⪯ c·H_f for multinomial logistic regression.
enum LI_X_LOEWNER {
    enum Constant: String, Codable, Sendable { case ratio = "(1 − q_y)/q_y", oneMinus = "1 − q_y" }

    struct Setup: ClaimSetup {
        var constant = Constant.ratio
        var seed: UInt64 = 4107
    }

    static let samples = [
        SampleCount("exactInstances", "rational probability vectors (k ∈ 2…7) with a label", quick: 300, full: 3_000),
        SampleCount("models", "multinomial logistic regressions (k ∈ 3…5 classes, d ∈ 2…4 inputs, n ∈ 3…8)", quick: 60, full: 600),
    ]

    static let claim = Claim(
        "LI-X-LOEWNER", paper: Papers.hessianDynamics, location: "harness addition (multiclass generalisation of Example 2)",
        title: "rrᵀ ⪯ ((1 − q_y)/q_y)·S for softmax, with equality for k = 2; hence M ⪯ c·H_f for multinomial logistic regression",
        expected: .holds, tiers: [.exact, .numerical], keyFigure: "notSemidefinite[exact]",
        statement: Statement(
            """
            Let q be a probability vector on k classes with q_y > 0, r = q − e_y and S = diag(q) − qqᵀ. Then \
            ((1 − q_y)/q_y)·S − rrᵀ is positive semidefinite, it is 0 when k = 2, and no smaller constant works. Consequently, \
            for multinomial logistic regression, M ⪯ c·H_f with c = max_i (1 − q_{i,y_i})/q_{i,y_i}.
            """,
            hypotheses: [Hypothesis("the constant is (1 − q_y)/q_y", field: "constant"), Hypothesis("q_y > 0 (every q_j > 0 here)")],
            construction: """
                (i) Exact: q = w/Σw with integer weights w_j ∈ 1…9, k ∈ 2…7, label uniform (seed 4107), and the catalog's \
                instance q = (1/7, 2/7, 3/14, 5/14), y = 3rd class; in rationals: Sx − r for x = 1 − e_y/q_y, the inertia of \
                D = cS − rrᵀ (exact symmetric elimination), D itself for k = 2, xᵀDx, and rᵀx against the constant. The explicit \
                x is used, never a pseudo-inverse (catalog SIM-15: a truncated pinv gave a spurious ratio 1.05). (ii) Rounded: \
                multinomial logistic regression with logits Wx_i, W ~ N(0, s²), s ∈ [0.5, 2.5], x_i ~ N(0, I); H_f = \
                (1/n)ΣS_i ⊗ x_ix_iᵀ and M = (1/n)Σr_ir_iᵀ ⊗ x_ix_iᵀ in closed form, H_f also by automatic differentiation \
                of the mean softmax log-loss (the network part of H_f vanishes for linear logits, so GGN = H_f). λ_min(c·H_f − M) \
                against −60(n + kd)ε·(c·Tr H_f + Tr M): the computed matrices are within γ_{n+3}·(c·Tr H_f + Tr M) of the exact \
                ones in spectral norm, and Jacobi adds O(kd·ε·‖A‖).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("constant", name: "constant 1 − q_y", """
                Since rᵀS⁺r = (1 − q_y)/q_y > 1 − q_y whenever q_y < 1, xᵀ((1 − q_y)S − rrᵀ)x < 0: the Loewner bound fails on every \
                instance, and the k = 2 equality becomes a strict reverse inequality.
                """) { $0.constant = .oneMinus }]))

    static func constant<T: FieldElement>(_ s: Setup, _ qy: T) throws -> T {
        let rest = try T.one.subtracting(qy)
        return s.constant == .ratio ? try rest.divided(by: qy) : rest
    }

    struct ExactOutcome {
        var rangeDefect = Rational.zero, constantMismatch = Rational.zero, sharpness = Rational.zero, equalityDefect = Rational.zero
        var notPSD = 0, twoClass = 0
    }

    static func exactInstance(_ s: Setup, _ q: [Rational], _ y: Int, into o: inout ExactOutcome) throws {
        let k = q.count
        let r = try SoftmaxCrossEntropy.residual(probabilities: q, label: y)
        let sm = try SoftmaxCrossEntropy.curvature(probabilities: q)
        let qy = q[y]
        let x = try (0..<k).map { $0 == y ? try Rational.one - Rational.one / qy : Rational.one }
        o.rangeDefect = max(o.rangeDefect, try Exact.subtract(try Exact.apply(sm, x), r).map(\.magnitude).max() ?? .zero)
        let c = try constant(s, qy)
        // rᵀS⁺r = rᵀx (r = Sx): the sharp constant, against the setup's.
        o.constantMismatch = max(o.constantMismatch, (try Exact.dot(r, x) - c).magnitude)
        let d = try Exact.subtract(try Exact.scale(sm, by: c), try Exact.outer(r, r))
        if !(try Exact.definiteness(d).semidefinite) { o.notPSD += 1 }
        o.sharpness = max(o.sharpness, try Exact.dot(x, try Exact.apply(d, x)).magnitude)
        if k == 2 { o.twoClass += 1; o.equalityDefect = max(o.equalityDefect, d.joined().map(\.magnitude).max() ?? .zero) }
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)
        var o = ExactOutcome()
        // The catalog's instance first.
        let catalogQ = [try Rational(1, 7), try Rational(2, 7), try Rational(3, 14), try Rational(5, 14)]
        var catalog = ExactOutcome()
        try exactInstance(s, catalogQ, 2, into: &catalog)
        let catalogX = try (0..<4).map { $0 == 2 ? try Rational.one - Rational.one / catalogQ[2] : Rational.one }
        let catalogValue = try Exact.dot(try SoftmaxCrossEntropy.residual(probabilities: catalogQ, label: 2), catalogX)
        try exactInstance(s, catalogQ, 2, into: &o)
        let count = try context.count("exactInstances")
        for i in 0..<count {
            let k = i % 6 == 0 ? 2 : 2 + (try rng.int(below: 6))
            let w = try (0..<k).map { _ in 1 + (try rng.int(below: 9)) }
            let total = w.reduce(0, +)
            try exactInstance(s, try w.map { try Rational($0, total) }, try rng.int(below: k), into: &o)
        }
        e.add(.exact("catalogInstance", "rᵀS⁺r = rᵀx for q = (1/7, 2/7, 3/14, 5/14), y = 3rd class", catalogValue, role: .reported,
                     note: "11/3 = (1 − 3/14)/(3/14), as in the catalog (SIM-15)"))
        e.add(.exact("rangeDefect[exact]", "max |Sx − r| with x = 1 − e_y/q_y over \(count + 1) instances", o.rangeDefect, role: .crossCheck, requirement: .equals("0"),
                     note: "0: r is in the range of S (the proof's first step)"))
        e.add(.exact("constantMismatch[exact]", "max |rᵀS⁺r − constant|", o.constantMismatch, requirement: .equals("0"),
                     note: "0: the constant equals rᵀS⁺r, the smallest one for which cS − rrᵀ can be PSD"))
        e.add(.count("notSemidefinite[exact]", "instances where constant·S − rrᵀ has a negative eigenvalue (exact inertia)", o.notPSD, requirement: .equals("0"),
                     note: "0 of \(count + 1): the Loewner bound holds"))
        e.add(.exact("sharpness[exact]", "max |xᵀ(cS − rrᵀ)x|", o.sharpness, requirement: .equals("0"), note: "0: the bound is tight along x, so no smaller constant works"))
        e.add(.count("twoClassInstances", "instances with k = 2", o.twoClass, role: .hypothesis, requirement: .greaterThan(0), note: "the equality case"))
        e.add(.exact("twoClassEquality[exact]", "max entry of |cS − rrᵀ| over k = 2 instances", o.equalityDefect, requirement: .equals("0"), note: "0: equality for two classes"))

        // (ii) multinomial logistic regression.
        let models = try context.count("models")
        var worst = 0.0, ggn = 0.0
        for _ in 0..<models {
            let k = 3 + (try rng.int(below: 3)), d = 2 + (try rng.int(below: 3)), n = 3 + (try rng.int(below: 6))
            let spread = 0.5 + 2 * rng.uniform()
            let w = (0..<(k * d)).map { _ in spread * rng.normal() }
            let xs = (0..<n).map { _ in (0..<d).map { _ in rng.normal() } }
            let ys = try (0..<n).map { _ in try rng.int(below: k) }
            let pdim = k * d
            var hf = [Double](repeating: 0, count: pdim * pdim), m = hf
            var c = 0.0
            for i in 0..<n {
                let z = (0..<k).map { a in (0..<d).reduce(0.0) { $0 + w[a * d + $1] * xs[i][$1] } }
                let q = try SoftmaxCrossEntropy.probabilities(z)
                let r = try SoftmaxCrossEntropy.residual(probabilities: q, label: ys[i])
                let sm = try SoftmaxCrossEntropy.curvature(probabilities: q)
                c = max(c, try constant(s, q[ys[i]]))
                for a in 0..<k { for j in 0..<d { for b in 0..<k { for l in 0..<d {
                    let xx = xs[i][j] * xs[i][l] / Double(n)
                    hf[(a * d + j) * pdim + b * d + l] += sm[a][b] * xx
                    m[(a * d + j) * pdim + b * d + l] += r[a] * r[b] * xx
                } } } }
            }
            var trF = 0.0, trM = 0.0
            for a in 0..<pdim { trF += hf[a * pdim + a]; trM += m[a * pdim + a] }
            let gap = try Matrix(rows: pdim, columns: pdim, elements: (0..<(pdim * pdim)).map { c * hf[$0] - m[$0] })
            let level = 60 * Double(n + pdim) * Double.ulpOfOne * (c * trF + trM)
            worst = propagatingMax(worst, -(try SymmetricEigendecomposition(gap).eigenvalues[0]) / level)
            // H_f by automatic differentiation of the mean log-loss.
            let ad = try Derivatives.hessian(of: MultinomialLoss(classes: k, inputs: xs, labels: ys), at: w)
            let size = hf.map(abs).max() ?? 1
            for a in 0..<(pdim * pdim) { ggn = propagatingMax(ggn, abs(ad.elements[a] - hf[a]) / size / (60 * Double(n + pdim + k) * Double.ulpOfOne)) }
        }
        e.add(Figure("modelBound", "max over \(models) models of −λ_min(c·H_f − M) / (60(n + kd)ε·(c·Tr H_f + Tr M))", value: worst, tier: .numerical,
                     requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: M ⪯ c·H_f for multinomial logistic regression"))
        e.add(Figure("hessianClosedForm", "max |H_f (automatic differentiation) − (1/n)ΣS_i ⊗ x_ix_iᵀ| / max entry, in units of 60(n + kd + k)ε", value: ggn,
                     tier: .numerical, role: .crossCheck, requirement: .atMost(1), tolerance: .absolute(0.5), note: "≤ 1: for linear logits H_f is the Gauss–Newton matrix"))
        e.summary = "rrᵀ ⪯ ((1 − q_y)/q_y)S exactly on every rational instance, tight along x and an equality for k = 2; M ⪯ c·H_f for multinomial logistic regression."
        return e
    }

    /// (1/n)Σ_i ℓ(Wx_i; y_i) as a function of vec(W) (row-major k × d).
    struct MultinomialLoss: ScalarFunction {
        let classes: Int, inputs: [[Double]], labels: [Int]
        var inputDimension: Int { classes * inputs[0].count }
        func callAsFunction<T: Real>(_ w: [T]) throws -> T {
            let d = inputs[0].count
            var total = T.zero
            for (x, y) in zip(inputs, labels) {
                var z = [T](repeating: .zero, count: classes)
                for a in 0..<classes { for j in 0..<d { z[a] += w[a * d + j] * T(x[j]) } }
                total += try SoftmaxCrossEntropy.loss(logits: z, label: y)
            }
            return total / T(inputs.count)
        }
    }
}
