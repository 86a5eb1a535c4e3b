import Constructions
import Numerics

/// HC-DEF3: γ-strong convexity, f(u) ≥ f(v) + ∇f(v)ᵀ(u − v) + (γ/2)‖u − v‖² (the printed strict ">" is false at u = v).
/// For quadratics, exactly: the gap is ½(u − v)ᵀ(A − γI)(u − v), so γ-strong convexity ⟺ λ_min(A) ≥ γ.
enum HC_DEF3 {
    struct Setup: ClaimSetup {
        /// γ claimed for A = diag(2, 1, 1/2): its smallest eigenvalue.
        var gamma = HC_LEM1.r(1, 2)
        var eigenvalues: [Rational] = [Rational(2), .one, HC_LEM1.r(1, 2)]
    }

    static let claim = Claim(
        "HC-DEF3", paper: Papers.stabilityTightness, location: "§2, Definition 3",
        title: "γ-strong convexity (with ≥, not the printed >): for quadratics exactly λ_min(A) ≥ γ",
        expected: .definition, tiers: [.exact], keyFigure: "minGap",
        errata: ["The printed strict inequality \">\" fails at u = v (0 > 0); the definition needs \"≥\" (figure strictFormGapAtEqualPoints)."],
        statement: Statement(
            """
            f is γ-strongly convex if f(u) ≥ f(v) + ∇f(v)ᵀ(u − v) + (γ/2)‖u − v‖² for all u, v. For f(w) = ½wᵀAw − y·xᵀw the gap \
            equals ½(u − v)ᵀ(A − γI)(u − v), so f is γ-strongly convex exactly when λ_min(A) ≥ γ; HC-T1's A (λ_min = 0) is not, \
            for any γ > 0.
            """,
            form: .definition,
            hypotheses: [Hypothesis("γ is at most the smallest eigenvalue", field: "gamma")],
            construction: """
                f(w) = ½wᵀAw − y·xᵀw with A = diag(2, 1, 1/2), x = (1/4, −1/2, 3/4), y = 1/2; 200 random rational pairs (u, v) \
                with entries k/8, |k| ≤ 16 (seed 3) plus the pair u = v and a pair along the smallest eigenvector: the gap \
                f(u) − f(v) − ∇f(v)ᵀ(u − v) − (γ/2)‖u − v‖² computed from f and ∇f in exact rationals, and compared with \
                the closed form ½(u − v)ᵀ(A − γI)(u − v); and HC-T1's A = diag(1, 1/2, 0) with γ = 1/100 along its null \
                direction.
                """,
            setup: Setup(), check: check,
            controls: [.dropping("gamma", name: "γ above λ_min", "Claim γ = 3/5 > λ_min = 1/2: the gap turns negative along the smallest eigenvector.") {
                $0.gamma = HC_LEM1.r(3, 5)
            }]))

    /// f(w) = ½wᵀAw − y·xᵀw for diagonal A, and its gradient Aw − yx, exactly.
    static func value(_ a: [Rational], _ x: [Rational], _ y: Rational, _ w: [Rational]) throws -> Rational {
        var q = Rational.zero, lin = Rational.zero
        for k in 0..<a.count { q = try q + a[k] * w[k] * w[k]; lin = try lin + x[k] * w[k] }
        return try q / Rational(2) - y * lin
    }

    static func gradient(_ a: [Rational], _ x: [Rational], _ y: Rational, _ w: [Rational]) throws -> [Rational] {
        try (0..<a.count).map { k in try a[k] * w[k] - y * x[k] }
    }

    /// The definition's gap f(u) − f(v) − ∇f(v)ᵀ(u − v) − (γ/2)‖u − v‖², computed from f and ∇f themselves (with a
    /// linear term, which must cancel).
    static func gap(_ a: [Rational], _ gamma: Rational, _ u: [Rational], _ v: [Rational]) throws -> Rational {
        let x = try (0..<a.count).map { k in try Rational(k % 2 == 0 ? k + 1 : -(k + 1), 4) }, y = try Rational(1, 2)
        let g = try gradient(a, x, y, v)
        var linear = Rational.zero, squared = Rational.zero
        for k in 0..<a.count { let d = try u[k] - v[k]; linear = try linear + g[k] * d; squared = try squared + d * d }
        return try value(a, x, y, u) - value(a, x, y, v) - linear - gamma * squared / Rational(2)
    }

    /// The closed form ½(u − v)ᵀ(A − γI)(u − v) the statement asserts the gap equals.
    static func closedForm(_ a: [Rational], _ gamma: Rational, _ u: [Rational], _ v: [Rational]) throws -> Rational {
        var s = Rational.zero
        for k in 0..<a.count { let d = try u[k] - v[k]; s = try s + (a[k] - gamma) * d * d }
        return try s / Rational(2)
    }

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: 3)
        func point() throws -> [Rational] { try s.eigenvalues.map { _ in try Rational(try rng.int(below: 33) - 16, 8) } }
        guard !s.eigenvalues.isEmpty else { throw NumericsError.empty(operation: "HC-DEF3 eigenvalues") }
        var minGap: Rational?, mismatches = 0
        for _ in 0..<200 {
            let (u, v) = (try point(), try point())
            let g = try gap(s.eigenvalues, s.gamma, u, v)
            if g != (try closedForm(s.eigenvalues, s.gamma, u, v)) { mismatches += 1 }
            minGap = minGap.map { min($0, g) } ?? g
        }
        // Along the smallest eigenvector the gap is ½(λ_min − γ)t²: include that pair explicitly.
        let k = s.eigenvalues.firstIndex(of: s.eigenvalues.min()!)! // non-empty (checked above)
        var u = Array(repeating: Rational.zero, count: s.eigenvalues.count)
        u[k] = .one
        let along = try gap(s.eigenvalues, s.gamma, u, Array(repeating: .zero, count: u.count))
        minGap = minGap.map { min($0, along) } ?? along
        e.add(.count("identityMismatches", "random pairs where the gap from f and ∇f ≠ ½(u − v)ᵀ(A − γI)(u − v)", mismatches,
                     requirement: .equals("0"), note: "0: the closed form holds exactly (the linear term cancels)"))
        e.add(.exact("minGap", "min over the pairs of f(u) − f(v) − ∇f(v)ᵀ(u − v) − (γ/2)‖u − v‖²", minGap ?? .zero, requirement: .atLeast(0),
                     note: "≥ 0: the ≥ form holds (exact rationals)"))
        e.add(.exact("strictFormGapAtEqualPoints", "the same gap at u = v", try gap(s.eigenvalues, s.gamma, u, u), note: "0: the printed > would require 0 > 0"))
        let null = try gap([.one, HC_LEM1.r(1, 2), .zero], HC_LEM1.r(1, 100), [.zero, .zero, .one], [.zero, .zero, .zero])
        e.add(.exact("nullSpaceGap", "the gap of HC-T1's A along its null direction with γ = 1/100", null, requirement: .lessThan(0),
                     note: "< 0: HC-T1's loss is correctly not strongly convex"))
        e.summary = "The ≥ form holds for γ = λ_min on every pair; the strict form fails at u = v; HC-T1's A is rejected."
        return e
    }
}
