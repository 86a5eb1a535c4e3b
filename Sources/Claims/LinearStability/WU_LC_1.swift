import Constructions
import Numerics

/// WU-LC.1 (Lemma C.1): for z ~ N(0, S) and any v, E[(vᵀz)² z zᵀ] = 2Svvᵀ S + (vᵀSv)·S — the Gaussian fourth-moment
/// identity behind Theorem 2.1. Checked exactly through the rational five-point design (including singular S) and,
/// independently of any design, by Monte Carlo with batch means.
enum WU_LC_1 {
    enum Inputs: String, Codable, Sendable { case gaussian = "Gaussian", rademacher = "Rademacher ±1" }

    struct Setup: ClaimSetup {
        var inputs = Inputs.gaussian
        var dimensions = [2, 3, 4, 5]
        var perDimension = 5
    }

    static let samples = [SampleCount("samples", "Gaussian samples z for the Monte Carlo check (50 batch means)", quick: 20_000, full: 1_000_000)]

    static let claim = Claim(
        "WU-LC.1", paper: Papers.linearStability, location: "Appendix C, Lemma C.1",
        title: "Gaussian fourth moment: E[(vᵀz)² z zᵀ] = 2Svvᵀ S + (vᵀSv)·S",
        expected: .holds, tiers: [.exact, .statistical], keyFigure: "maxExactResidual",
        errata: ["The proof whitens with S^{−1/2}, which needs S invertible; the identity holds for every S ⪰ 0 (z = Cw with S = CCᵀ), checked here on singular S too."],
        statement: Statement(
            "If z ~ N(0, S) with S ⪰ 0 and v ∈ ℝᵈ, then E[(vᵀz)² z zᵀ] = 2·S v vᵀ S + (vᵀSv)·S.",
            hypotheses: [Hypothesis("z is Gaussian (fourth moments 3 per unit variance)", field: "inputs")],
            construction: """
                z = C·w with C a random lower-triangular rational matrix (5 per d ∈ {2, …, 5}, seed 31; every fifth has a \
                zero column, so S = CCᵀ is singular) and v on the grid k/4. Exact: w through the five-point design \
                {0, ±1, ±2} (weights 1/2, 1/6, 1/12) — the integrand has degree 4 in each coordinate, so the finite sum is \
                the Gaussian expectation — compared entrywise with the closed form in rationals. Statistical: for the \
                largest instance, Monte Carlo with Gaussian w split into 50 batches; each entry's |z|-score against the \
                closed form must be ≤ 5 (t₄₉ tail about 10⁻⁵ per entry; with 25 entries the family false-alarm rate \
                stays below 10⁻³).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("inputs", name: "Rademacher inputs", """
                w = ±1: fourth moment 1, so the expectation becomes 2Svvᵀ S + (vᵀSv)·S − 2C·Diag((Cᵀv)²)·Cᵀ; both the exact \
                and the Monte Carlo checks must reject the Gaussian formula.
                """) { $0.inputs = .rademacher }]))

    struct Instance { let c: [[Rational]]; let v: [Rational] }

    static func instances(_ s: Setup) throws -> [Instance] {
        var rng = SeededGenerator(seed: 31)
        var out: [Instance] = []
        for d in s.dimensions {
            for k in 0..<s.perDimension {
                let zeroColumn = k == s.perDimension - 1 ? try rng.int(below: d) : -1
                var c: [[Rational]] = []
                for i in 0..<d {
                    c.append(try (0..<d).map { j in
                        guard j <= i, j != zeroColumn else { return .zero }
                        return j == i ? try Rational(1 + (try rng.int(below: 3)), 2) : try Rational(try rng.int(below: 5) - 2, 4)
                    })
                }
                let v = try (0..<d).map { _ in try Rational(try rng.int(below: 9) - 4, 4) }
                out.append(Instance(c: c, v: v))
            }
        }
        return out
    }

    /// 2Svvᵀ S + (vᵀSv)·S with S = CCᵀ, exactly.
    static func closedForm(_ i: Instance) throws -> [[Rational]] {
        let d = i.v.count
        let s = try (0..<d).map { a in try (0..<d).map { b in try Exact.dot(i.c[a], i.c[b]) } }
        let sv = try Exact.apply(s, i.v)
        let vsv = try Exact.dot(i.v, sv)
        return try (0..<d).map { a in try (0..<d).map { b in try Rational(2) * sv[a] * sv[b] + vsv * s[a][b] } }
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let design: MomentDesign = s.inputs == .gaussian ? .gaussianDegree5 : .rademacher
        var worst = Rational.zero, singular = 0
        let all = try instances(s)
        for inst in all {
            let d = inst.v.count
            if (0..<d).contains(where: { j in inst.c.allSatisfy { $0[j] == .zero } }) { singular += 1 }
            var moment = Array(repeating: Array(repeating: Rational.zero, count: d), count: d)
            for (w, weight) in try design.productPoints(dimension: d) {
                let z = try Exact.apply(inst.c, w)
                let q = try Exact.dot(inst.v, z)
                let f = try weight * q * q
                for a in 0..<d { for b in 0..<d { moment[a][b] = try moment[a][b] + f * z[a] * z[b] } }
            }
            let target = try closedForm(inst)
            for a in 0..<d { for b in 0..<d { worst = max(worst, try (moment[a][b] - target[a][b]).magnitude) } }
        }
        e.add(.count("singularCovariances", "instances whose S = CCᵀ is singular (of \(all.count))", singular, role: .hypothesis,
                     requirement: .atLeast(1), note: "the identity is checked beyond the proof's invertible case"))
        e.add(.exact("maxExactResidual", "max over instances and entries of |design expectation − closed form|", worst, requirement: .equals("0"),
                     note: "0: exact (\(all.count) instances, \(design.name))"))
        try monteCarlo(s, all.last!, try context.count("samples"), &e) // instances non-empty
        e.summary = "The design expectation equals 2Svvᵀ S + (vᵀSv)·S exactly on all \(all.count) instances (singular S included), and Monte Carlo agrees."
        return e
    }

    /// Batch-means Monte Carlo of E[(vᵀz)² z zᵀ] for one instance; the largest entrywise |z|-score.
    static func monteCarlo(_ s: Setup, _ inst: Instance, _ samples: Int, _ e: inout Evidence) throws {
        let d = inst.v.count, batches = 50, perBatch = max(1, samples / batches)
        let c = inst.c.map { $0.map(\.doubleValue) }, v = inst.v.map(\.doubleValue)
        let target = try closedForm(inst).map { $0.map(\.doubleValue) }
        var rng = SeededGenerator(seed: 4_411)
        var means = Array(repeating: Array(repeating: [Double](), count: d), count: d)
        for _ in 0..<batches {
            var acc = Array(repeating: Array(repeating: 0.0, count: d), count: d)
            for _ in 0..<perBatch {
                let w = (0..<d).map { _ in s.inputs == .gaussian ? rng.normal() : (rng.next() & 1 == 0 ? -1.0 : 1.0) }
                let z = c.map { row in zip(row, w).reduce(0) { $0 + $1.0 * $1.1 } }
                let q = zip(v, z).reduce(0) { $0 + $1.0 * $1.1 }
                for a in 0..<d { for b in 0..<d { acc[a][b] += q * q * z[a] * z[b] } }
            }
            for a in 0..<d { for b in 0..<d { means[a][b].append(acc[a][b] / Double(perBatch)) } }
        }
        var worstZ = 0.0
        for a in 0..<d {
            for b in 0..<d {
                let m = means[a][b].reduce(0, +) / Double(batches)
                let variance = means[a][b].reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(batches - 1)
                let se = (variance / Double(batches)).squareRoot()
                worstZ = max(worstZ, se > 0 ? abs(m - target[a][b]) / se : (m == target[a][b] ? 0 : .infinity))
            }
        }
        e.add(Figure("monteCarloMaxZ", "max over entries of |batch-means estimate − closed form| / standard error", value: worstZ, tier: .statistical,
                     requirement: .atMost(5), tolerance: .relative(1e-9),
                     note: "≤ 5 (50 batch means of \(perBatch) samples; d = \(d))"))
    }
}
