import Constructions
import Foundation
import Numerics

/// LI-D2 (Definition 2): an invertible transformation is a bijection T with an inverse S, S∘T = id and T∘S = id. The maps
/// this paper applies are the diagonal α-scale maps; the check is that they are invertible in floating point — each
/// coordinate returns to within two roundings — and that a zero scale, which has no inverse, is refused.
enum LI_D2 {
    struct Setup: ClaimSetup {
        /// One coordinate scale set to 0 (bypassing AlphaScaling's validation): not a bijection.
        var zeroScale = false
        var seed: UInt64 = 4015
    }

    static let samples = [SampleCount("vectors", "random parameter vectors and α's per network", quick: 100, full: 1_000)]

    static let claim = Claim(
        "LI-D2", paper: Papers.hessianDynamics, location: "§6, Definition 2 (Eqs. 46–48)",
        title: "Invertible transformations: the α-scale maps are bijections with inverse θ ↦ A⁻¹θ",
        expected: .definition, tiers: [.exact], keyFigure: "notRecovered",
        errata: ["For Lemma 1 the transformation must also be differentiable with a differentiable inverse (a diffeomorphism); the definition asks only for a bijection. The diagonal maps used are linear, so both hold."],
        statement: Statement(
            """
            A transformation T: U → V is invertible when it has an inverse S: V → U with S(T(u)) = u for every u ∈ U and \
            T(S(v)) = v for every v ∈ V. The α-scale map T(θ) = Aθ (A diagonal with positive entries) has S(v) = A⁻¹v.
            """,
            form: .definition,
            hypotheses: [Hypothesis("every diagonal entry of A is positive (α_l > 0)", field: "zeroScale")],
            construction: """
                Networks [3, 4, 3, 3] and [50, 10, 30, 10], both bias rules, α_l log-uniform in [1/8, 8] with Πα = 1 (seed 4015); \
                θ ~ N(0, I) with entries scaled by 10^{±100} to probe the exponent range. A coordinate counts as not recovered \
                when |S(T(θ))_j − θ_j| > 2ε|θ_j| (two roundings: the product and the quotient), likewise T(S(v)).
                """,
            setup: Setup(), samples: samples, check: check,
            controls: [.dropping("zeroScale", name: "a zero scale", "With a_1 = 0 the map collapses a coordinate: S(T(θ))_1 = 0/0 is not θ_1.") { $0.zeroScale = true }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        var rng = SeededGenerator(seed: s.seed)
        var missed = 0, coordinates = 0
        for k in 0..<(try context.count("vectors")) {
            let widths = k % 2 == 0 ? [3, 4, 3, 3] : [50, 10, 30, 10]
            let free = (0..<(widths.count - 2)).map { _ in Double.pow(8, 2 * rng.uniform() - 1) }
            var a = try AlphaScaling(alphas: free + [1 / free.reduce(1, *)], biasRule: k % 4 < 2 ? .cumulative : .naive).coordinateScales(widths: widths)
            if s.zeroScale { a[0] = 0 }
            let theta = a.indices.map { _ in rng.normal() * Double.pow(10, Double(Int(rng.next() % 201) - 100)) }
            for j in a.indices {
                let there = theta[j] * a[j], back = there / a[j]
                let v = theta[j], forth = (v / a[j]) * a[j]
                if !(abs(back - theta[j]) <= 2 * Double.ulpOfOne * abs(theta[j])) { missed += 1 }
                if !(abs(forth - v) <= 2 * Double.ulpOfOne * abs(v)) { missed += 1 }
                coordinates += 2
            }
        }
        e.add(.count("notRecovered", "coordinates (of \(coordinates), both compositions) not recovered to two roundings", missed, requirement: .equals("0"),
                     note: "0: S∘T and T∘S are the identity to rounding"))
        var refused = 0
        for bad in [[0.0, 1, 1], [2, -0.5, -1], [1, .nan, 1], [1, .infinity, 0]] {
            do { _ = try AlphaScaling(alphas: bad, biasRule: .cumulative) } catch NumericsError.invalidArgument { refused += 1 }
        }
        e.add(.count("nonInvertibleAccepted", "α vectors with a zero, negative or non-finite entry (4 tried) that AlphaScaling accepted", 4 - refused,
                     requirement: .equals("0"), note: "0: a map without an inverse is refused with a typed error"))
        e.summary = "The α-scale maps are invertible in floating point to two roundings per coordinate, and scale vectors without an inverse are refused."
        return e
    }
}
