import Numerics

/// The fixed data of the BS-EQ10 and BS-REG constructions: N = 6 points in d = 2, dyadic
/// entries so that Double, Float80 and Rational hold the same numbers.
public enum BootstrapFixtures {
    public static func leastSquares() throws -> LeastSquaresProblem {
        try LeastSquaresProblem(
            features: [[1, 0.5], [-0.5, 1.5], [2, -1], [0.75, 0.25], [-1.5, -0.5], [0.25, 2]],
            targets: [1, -0.5, 0.75, 2, -1, 0.5])
    }

    /// θ at which gradients are evaluated.
    public static let theta: [Double] = [0.5, -0.25]
}

extension BootstrapFixtures {
    /// N = 8 points in d = 3 with standard normal features and targets (seed 4), θ = (0.3, −0.2,
    /// 0.5), batch size B = 6. Without replacement Tr Σ_S^B is (N − B)/(N − 1) = 2/7 of Γ/B, far
    /// enough from 1 that a Monte Carlo test of Tr Σ_S^B = Γ/B has power against that change.
    public static func highSamplingFraction() throws -> (problem: LeastSquaresProblem, theta: [Double], batchSize: Int) {
        var rng = SeededGenerator(seed: 4)
        let xs = (0..<8).map { _ in (0..<3).map { _ in rng.normal() } }
        let ys = (0..<8).map { _ in rng.normal() }
        return (try LeastSquaresProblem(features: xs, targets: ys), [0.3, -0.2, 0.5], 6)
    }
}
