import Constructions
import Numerics

/// HC-DEF-SGD: the SGD update with coupled index sequences — the infrastructure every divergence rests on.
/// Checked: determinism, coupling (Δ stays exactly 0 until the differing index is first drawn), the pick
/// frequency 1/n, and one-draw-per-index epochs under permutation sampling.
enum HC_DEF_SGD {
    enum Coupling: String, Codable, Sendable { case shared = "shared index sequence", independent = "independent index sequences" }
    enum Sampler: String, Codable, Sendable { case unbiased = "unbiased (rejection)", biasedModulo = "next() mod (n + 1), clipped" }

    struct Setup: ClaimSetup {
        var coupling = Coupling.shared
        var sampler = Sampler.unbiased
        var n = 5
        var horizon = 40
    }

    static let samples = [SampleCount("runs", "coupled runs (and index streams) checked", quick: 2_000, full: 50_000)]

    static let claim = Claim(
        "HC-DEF-SGD", paper: Papers.stabilityTightness, location: "§2, the SGD update and the twin coupling",
        title: "SGD with a shared index sequence on twin data sets (the coupling behind every divergence)",
        expected: .definition, tiers: [.exact, .statistical], keyFigure: "deviationBeforeFirstPick",
        errata: [
            "The update is printed as w_{t+1} = w_t − α_t∇_w f(w; z_{i_t}), without the evaluation point; read ∇f(w_t; z_{i_t}).",
            "Table 1's cells use four schedules (a/β, a/(βt), a/(0.99βt), a/(0.99β)); Theorem 4 uses permutation sampling, the others sampling with replacement.",
        ],
        statement: Statement(
            """
            SGD runs w_{t+1} = w_t − α_t∇f(w_t; z_{i_t}) with i_t uniform on [n], independently at each step (or a permutation \
            per epoch). The two runs on twin data sets S and S' start at the same point and use the same indices i_t; δ_T is \
            the expectation over those shared indices.
            """,
            form: .definition,
            hypotheses: [Hypothesis("the two runs share their index sequence", field: "coupling"),
                         Hypothesis("indices are drawn uniformly (no modulo bias)", field: "sampler")],
            construction: """
                The non-convex quadratic of HC-T5 (n = 5, constant step 1/8, 40 steps). Determinism: each run repeated with \
                its seed must be bitwise identical. Coupling: as long as the differing index has not been drawn, Δ must be \
                exactly 0 (the runs perform identical operations), and the update that first draws it must make Δ non-zero \
                (the S' run really uses z'_i). Frequency: the share of draws of the differing index must \
                be 1/n within a 99.9% normal interval. Permutations: every epoch of n draws contains every index once.
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [
                .dropping("coupling", name: "independent index sequences", "Give the S' run its own indices: Δ is no longer 0 before the first pick.") {
                    $0.coupling = .independent
                },
                .dropping("sampler", name: "biased sampler", "Draw next() mod (n + 1) and clip to n − 1: the last index comes twice as often and the frequency test fails.") {
                    $0.sampler = .biasedModulo
                },
            ]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let runs = try context.count("runs")
        let c = try NonConvexQuadratic(beta: .one, curvature: .negative, n: s.n)
        let sgd = try CoupledTwinSGD(loss: c.loss(), twins: c.twins(), schedule: .constant(try Rational(1, 8)), plan: UpdatePlan(first: 0, count: s.horizon),
                                     scheme: .withReplacement, initial: [0, 0])
        var nondeterministic = 0, worstBeforePick = 0.0, picked = 0, notSeparated = 0
        let probe = Array(1...s.horizon)
        for p in 0..<runs {
            let a = try sgd.run(seed: UInt64(p), Double.self, checkpoints: probe)
            if p < 50 {
                let b = try sgd.run(seed: UInt64(p), Double.self, checkpoints: probe)
                if a.w != b.w || a.wPrime != b.wPrime || a.checkpoints != b.checkpoints { nondeterministic += 1 }
            }
            // The S' run: the same stream (coupled) or another seed's (independent).
            let other = s.coupling == .shared ? a : try sgd.run(seed: UInt64(p) &+ 1_000_003, Double.self, checkpoints: probe)
            // Steps before the first pick of the differing index in the S run's stream.
            var stream = try IndexStream(n: s.n, scheme: .withReplacement, seed: UInt64(p))
            for step in 0..<s.horizon {
                // Δ after step + 1 updates: S from `a`; S' from `a` (coupled) or from another stream (independent).
                let d = zip(a.wAt[step], other.wPrimeAt[step]).map { $0 - $1 }
                if try stream.next() == s.n - 1 {
                    // The update that used the differing index must separate the runs (S' really holds z'_i ≠ z_i).
                    picked += 1
                    if Vector.norm2(d) == 0 { notSeparated += 1 }
                    break
                }
                worstBeforePick = max(worstBeforePick, Vector.norm2(d))
            }
        }
        // Frequency of the differing index over runs × horizon draws.
        var count = 0
        for p in 0..<runs {
            var rng = SeededGenerator(seed: 7_000_000 &+ UInt64(p))
            var stream = try IndexStream(n: s.n, scheme: .withReplacement, seed: UInt64(p))
            for _ in 0..<s.horizon {
                let i = s.sampler == .unbiased ? try stream.next() : min(Int(rng.next() % UInt64(s.n + 1)), s.n - 1)
                if i == s.n - 1 { count += 1 }
            }
        }
        let draws = Double(runs * s.horizon), p0 = 1 / Double(s.n)
        let z = abs(Double(count) / draws - p0) / (p0 * (1 - p0) / draws).squareRoot()
        // Permutation epochs.
        var badEpochs = 0
        for p in 0..<50 {
            var stream = try IndexStream(n: s.n, scheme: .reshuffledPermutation, seed: UInt64(p))
            for _ in 0..<10 where Set(try (0..<s.n).map { _ in try stream.next() }) != Set(0..<s.n) { badEpochs += 1 }
        }
        e.add(.count("nonDeterministicRuns", "runs whose repetition with the same seed differs", nondeterministic, requirement: .equals("0"),
                     note: "50 runs repeated: bitwise identical"))
        e.add(.exact("deviationBeforeFirstPick", "max ‖Δ_t‖ before the differing index is first drawn", try Rational(exactly: worstBeforePick),
                     requirement: .equals("0"), note: "0 bitwise: before the first pick both runs perform the same operations (\(runs) runs)"))
        e.add(.count("notSeparatedAtFirstPick", "runs whose Δ is still 0 right after the differing index is first drawn", notSeparated,
                     requirement: .equals("0"), note: "0 of the \(picked) runs that draw it: the twin data are really used (a run of S' on S would give 0)"))
        e.add(Figure("pickFrequencyZ", "|share of draws of the differing index − 1/n| / se", value: z, tier: .statistical, requirement: .atMost(3.29),
                     tolerance: .relative(1e-9), note: "\(Int(draws)) draws; 99.9% two-sided (z = 3.29)"))
        e.add(.count("badPermutationEpochs", "permutation epochs that miss an index", badEpochs, requirement: .equals("0"), note: "500 epochs"))
        e.summary = "Runs are deterministic, coupled runs coincide until the first pick, the pick frequency is 1/n, and permutation epochs are complete."
        return e
    }
}
