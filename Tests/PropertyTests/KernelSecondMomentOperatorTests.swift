import Constructions
import Numerics
import TestSupport
import Testing

/// The kernel-coordinate second-moment operator against the dense operator of `LinearizedSGDSpectrum` (svec basis,
/// reduced to range(H), eigenvalues by Jacobi) on small random feature sets: the two are built independently (n × n
/// kernel coordinates against rk(rk+1)/2 svec coordinates), so agreement checks the n-space formula for T.
@Suite("Paper 002 second-moment operator in kernel coordinates")
struct KernelSecondMomentOperatorTests {
    static func features(n: Int, p: Int, seed: UInt64) -> [[Double]] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in (0..<p).map { _ in rng.normal() } }
    }

    /// Dense reference: ρ(T_η), η_crit and the slack for both, 60·N·ε·‖T‖_F (LAPACK's eigen threshold on an N × N
    /// operator, N = rk(rk+1)/2), with ‖T‖_F ≥ its spectral radius bounding the eigenvalue's absolute error.
    static func dense(_ f: [[Double]], eta: Double, batch: Int, noise: LinearizedSGD.Noise) throws -> (rho: Double, crit: Double, slack: Double) {
        let spectrum = try LinearizedSGDSpectrum(features: f, batch: batch, relativeCutoff: 1e-12)
        let t = try spectrum.operatorMatrix(eta: eta, noise: noise)
        let slack = 60 * Double(t.rows) * Double.ulpOfOne * t.frobeniusNorm
        return (try spectrum.spectralRadius(eta: eta, noise: noise), try spectrum.criticalStep(noise: noise), slack)
    }

    @Test("Rayleigh lower bound ≤ ρ(T) ≤ Collatz–Wielandt bound, and the η_crit bracket contains the dense η_crit (20 seeds, B = 1, 2, 3, GD)")
    func bracketsContainDenseValues() throws {
        for seed in UInt64(0)..<20 {
            let n = 4 + Int(seed % 4), p = n + 3 + Int(seed % 3)
            let f = Self.features(n: n, p: p, seed: 7000 + seed)
            let a = try Matrix(f)
            for (batch, noise) in [(1, LinearizedSGD.Noise.withReplacement), (2, .withReplacement), (3, .withReplacement), (1, .fullBatch)] {
                let unit = try KernelSecondMomentOperator(features: a, eta: 1, batch: batch, noise: noise)
                let bracket = try unit.criticalStepBracket(steps: 200)
                let ref = try Self.dense(f, eta: 1, batch: batch, noise: noise)
                // The bracket's own rounding: 60·n·ε relative (two n × n eigen-solves and O(n)-term sums).
                let rel = 60 * Double(n) * Double.ulpOfOne
                #expect(bracket.lower <= ref.crit * (1 + rel) && ref.crit <= bracket.upper * (1 + rel),
                        "seed \(7000 + seed) B \(batch) \(noise): η_crit \(ref.crit) outside [\(bracket.lower), \(bracket.upper)]")
                #expect((bracket.upper - bracket.lower) <= 1e-6 * bracket.upper, "seed \(7000 + seed): bracket not tight after 200 steps")
                for eta in [0.5 * ref.crit, 1.5 * ref.crit] {
                    let op = try unit.with(eta: eta)
                    let d = try Self.dense(f, eta: eta, batch: batch, noise: noise)
                    let power = try op.powerIteration(steps: 300)
                    #expect(power.lower - power.roundingBound <= d.rho + d.slack, "seed \(7000 + seed) B \(batch) η \(eta): lower \(power.lower) > ρ \(d.rho)")
                    // Collatz–Wielandt needs S ≻ 0: 300 power steps leave a numerically rank-one S, so take an early
                    // iterate plus 10⁻⁶·I (any positive definite S gives a valid upper bound).
                    var early = try op.powerIteration(steps: 10).iterate
                    for i in 0..<n { early[i * n + i] += 1e-6 }
                    let upper = try op.collatzWielandtBound(early)
                    #expect(upper >= d.rho - d.slack, "seed \(7000 + seed) B \(batch) η \(eta): upper \(upper) < ρ \(d.rho)")
                    // Unstable steps: ρ > 1 is a simple top eigenvalue here, so 300 power steps find it to 1e-6.
                    if eta > ref.crit { #expect(abs(power.lower - d.rho) <= 1e-6 * d.rho, "seed \(7000 + seed): power \(power.lower) vs dense \(d.rho)") }
                }
            }
        }
    }

    @Test("the check can fail: the bracket for batch B excludes the dense η_crit of batch B + 1")
    func wrongBatchIsDetected() throws {
        for seed in UInt64(0)..<10 {
            let f = Self.features(n: 5, p: 8, seed: 7100 + seed)
            let bracket = try KernelSecondMomentOperator(features: try Matrix(f), eta: 1, batch: 1, noise: .withReplacement).criticalStepBracket(steps: 200)
            let other = try Self.dense(f, eta: 1, batch: 2, noise: .withReplacement)
            #expect(!(bracket.lower <= other.crit && other.crit <= bracket.upper), "seed \(7100 + seed)")
        }
    }

    @Test("positive homogeneity: features ×2 and η ×1/4 give bit-identical quotients (power-of-two scaling is exact)")
    func homogeneity() throws {
        let f = Self.features(n: 6, p: 9, seed: 7200)
        let a = try Matrix(f)
        let op = try KernelSecondMomentOperator(features: a, eta: 0.05, batch: 2, noise: .withReplacement)
        let scaled = try KernelSecondMomentOperator(features: a.scaled(by: 2), eta: 0.0125, batch: 2, noise: .withReplacement)
        let s = try op.powerIteration(steps: 5).iterate
        // S in kernel coordinates scales by 1/4 with K ×4 (M = AᵀSA fixed); the quotient is scale-free.
        #expect(try op.rayleighQuotient(s).value == (try scaled.rayleighQuotient(s.map { $0 / 4 }).value))
    }

    #if (arch(i386) || arch(x86_64)) && !os(Windows) && !os(Android)
    @Test("Double and Float80 Rayleigh quotients on exactly converted data agree within the sum of their a-priori bounds")
    func precisions() throws {
        for seed in UInt64(0)..<10 {
            let f = Self.features(n: 8, p: 30, seed: 7300 + seed)
            let a = try Matrix(f)
            let op = try KernelSecondMomentOperator(features: a, eta: 0.1, batch: 2, noise: .withReplacement)
            let wide = try KernelSecondMomentOperator(features: a.converted(to: Float80.self), eta: 0.1, batch: 2, noise: .withReplacement)
            let s = try op.powerIteration(steps: 10).iterate
            let q = try op.rayleighQuotient(s), qw = try wide.rayleighQuotient(s.map { Float80($0) })
            #expect(abs(q.value - Double(qw.value)) <= q.roundingBound + Double(qw.roundingBound), "seed \(7300 + seed)")
            #expect(Double(qw.roundingBound) < q.roundingBound / 1000, "Float80's bound is 2¹¹ times smaller")
        }
    }
    #endif

    @Test("bad input: η ≤ 0 or non-finite, B < 1, non-symmetric or empty kernel, non-finite features, a singular kernel for the bracket")
    func badInput() throws {
        let k = try Matrix([[2.0, 1], [1, 2]])
        #expect(thrownKind { try KernelSecondMomentOperator(kernel: k, eta: 0, batch: 1, noise: .withReplacement) } == "invalidArgument")
        #expect(thrownKind { try KernelSecondMomentOperator(kernel: k, eta: .nan, batch: 1, noise: .withReplacement) } == "invalidArgument")
        #expect(thrownKind { try KernelSecondMomentOperator(kernel: k, eta: 1, batch: 0, noise: .withReplacement) } == "invalidArgument")
        #expect(thrownKind { try KernelSecondMomentOperator(kernel: try Matrix([[2.0, 1], [0, 2]]), eta: 1, batch: 1, noise: .withReplacement) } == "notSymmetric")
        #expect(thrownKind { try KernelSecondMomentOperator(kernel: try Matrix(rows: 0, columns: 0), eta: 1, batch: 1, noise: .withReplacement) } == "empty")
        #expect(thrownKind { try KernelSecondMomentOperator(kernel: try Matrix([[1.0, 2, 3]]), eta: 1, batch: 1, noise: .withReplacement) } == "notSquare")
        #expect(thrownKind { try KernelSecondMomentOperator(features: try Matrix([[1.0, .infinity]]), eta: 1, batch: 1, noise: .withReplacement) } == "nonFinite")
        // p < n: K = AAᵀ is singular, range(H) is not parameterised by n × n matrices.
        let thin = try KernelSecondMomentOperator(features: try Matrix(Self.features(n: 4, p: 2, seed: 1)), eta: 1, batch: 1, noise: .withReplacement)
        #expect(thrownKind { try thin.criticalStepBracket(steps: 5) } == "invalidArgument")
        #expect(thrownKind { try thin.powerIteration(steps: -1) } == "invalidArgument")
    }
}
