import Constructions
import Numerics

/// HC-DEF-STAB: uniform stability is a supremum over test points and twin pairs, so one pair and a finite set of
/// test points inside the data domain Z give a lower bound, and L·E‖Δ_T‖ an upper bound. Both computed exactly by
/// enumerating every index sequence of a short run.
enum HC_DEF_STAB {
    struct Setup: ClaimSetup {
        /// Extra test points appended to Z_test; the definition's supremum is over z ∈ Z = {‖x‖ ≤ 1, |y| ≤ 1}.
        var extraTestPoints: [LabeledPoint] = []
        var n = 2
        var horizon = 10
    }

    static let half = try! Rational(1, 2) // denominator ≠ 0

    static let claim = Claim(
        "HC-DEF-STAB", paper: Papers.stabilityTightness, location: "§2, uniform stability",
        title: "Uniform stability: one twin pair and finite test points in Z bound ε_stab below; L·E‖Δ_T‖ bounds each gap (exact enumeration)",
        expected: .definition, tiers: [.exact], keyFigure: "lowerOverUpper",
        statement: Statement(
            """
            ε_stab(A, n) is the least ε with sup_{z∈Z} sup_{S,S' twins} E_A|f(A(S); z) − f(A(S'); z)| ≤ ε. Hence one twin \
            pair and any finite Z_test ⊂ Z give the lower bound max_{z∈Z_test} E|f(w_T; z) − f(w'_T; z)| ≤ ε_stab, and an \
            L that bounds ‖∇f(·; z)‖ for every z ∈ Z on the visited set gives E|f(w_T; z) − f(w'_T; z)| ≤ L·E‖Δ_T‖ for each z. \
            An upper bound on ε_stab itself needs the supremum over twin pairs: ε_stab ≤ L·sup_{S,S'} E‖Δ_T‖.
            """,
            form: .definition,
            hypotheses: [Hypothesis("every test point lies in the data domain Z on which L is computed", field: "extraTestPoints")],
            construction: """
                HC-T1's rank-one variant: A = diag(1, 0, 0), L = 2 on its invariant set, n = 2, constant step 1/2, T = 10, \
                w_0 = 0. All 2¹⁰ index sequences are enumerated in exact rationals. Z_test: z* = (e3, 1), the four training \
                points of S ∪ S', and 24 random points with x ∈ {k/4}³ (‖x‖ ≤ 1) and y ∈ {k/4}, |y| ≤ 1 (seed 11). \
                Checked exactly: the lower bound over Z_test is attained at z* and equals E‖Δ_T‖ = (1/n)Σα_t = 5/2 (so \
                ε_stab ≥ E‖Δ_T‖ on this construction), and it is at most L·E‖Δ_T‖.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("extraTestPoints", name: "test point outside Z", """
                Add the test point (e3, 5), whose label lies outside Z: its loss gap is 5·E‖Δ_T‖, above L·E‖Δ_T‖ = 2·E‖Δ_T‖ — \
                the supremum must be over the domain on which L was computed.
                """) { $0.extraTestPoints = [LabeledPoint([0, 0, 1], 5)] }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let c = try NullSpaceQuadratic(beta: .one, second: .zero, curvatureAlongV: .zero, direction: .nullSpace, n: s.n)
        let twins = try c.twins()
        let run = try ExactCoupledSGD(loss: try c.loss(), s: twins.s, sPrime: twins.sPrime, steps: Array(repeating: half, count: s.horizon),
                                      initial: [.zero, .zero, .zero])
        let pairs = try run.finalPairs()
        var rng = SeededGenerator(seed: 11)
        var testPoints = [c.testPoint] + twins.s + twins.sPrime
        while testPoints.count < 1 + 2 * s.n + 24 {
            let x = try (0..<3).map { _ in Double(try rng.int(below: 9) - 4) / 4 }
            if Vector.norm2(x) <= 1 { testPoints.append(LabeledPoint(x, Double(try rng.int(below: 9) - 4) / 4)) }
        }
        testPoints += s.extraTestPoints
        let outside = testPoints.filter { Vector.norm2($0.x) > 1 || abs($0.y) > 1 }.count
        var lower = Rational.zero, argmax = 0
        for (k, z) in testPoints.enumerated() {
            let g = try run.expectedLossGap(pairs, at: z)
            if g > lower { lower = g; argmax = k }
        }
        let divergence = try run.expectedDivergence(pairs)
        let l = try HC_T1.lipschitz(c)
        let sumAlpha = try half * Rational(s.horizon)
        e.add(.count("testPointsOutsideZ", "test points outside Z = {‖x‖ ≤ 1, |y| ≤ 1}", outside, role: .hypothesis, requirement: .equals("0"),
                     note: "the supremum in the definition is over Z"))
        e.add(.quantity("lipschitz", "L on the invariant set of HC-T1's rank-one variant", l, tolerance: .relative(1e-15), note: "β/γ_U + 1 = 2"))
        e.add(.quantity("expectedDivergence", "E‖Δ_T‖ by enumeration of all \(pairs.count) index sequences", divergence,
                        requirement: .equals(try (sumAlpha / Rational(s.n)).description), tolerance: .relative(1e-15),
                        note: "= (1/n)Σα_t = 5/2 exactly"))
        e.add(.exact("stabilityLowerBound", "max over Z_test of E|f(w_T; z) − f(w'_T; z)|", lower,
                     note: "attained at test point \(argmax) (0 = z*) of \(testPoints.count)"))
        e.add(.quantity("lowerMinusDivergence", "the lower bound − E‖Δ_T‖", try .exact(lower) - divergence, requirement: .atLeast(0),
                        tolerance: .relative(1e-15), note: "≥ 0: ε_stab ≥ E‖Δ_T‖ here (the gap at z* is exactly θ_T)"))
        e.add(.quantity("lowerOverUpper", "the lower bound / (L·E‖Δ_T‖)", try .exact(lower) / (l * divergence), requirement: .atMost(1),
                        tolerance: .relative(1e-15), note: "≤ 1: on this pair max_z E|gap| ≤ L·E‖Δ_T‖ (bounding ε_stab above would need the sup over twin pairs)"))
        e.summary = "Over 1 024 exact index sequences the lower bound is attained at z* and equals E‖Δ_T‖ = 5/2, half of L·E‖Δ_T‖."
        return e
    }
}
