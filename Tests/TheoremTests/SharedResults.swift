import Claims
import Testing

/// One evaluator for the whole test run: every claim is computed once, however many tests ask
/// for it (the parameterized registry test and the per-claim suites share the results).
enum SharedResults {
    static let evaluator = ClaimEvaluator(registry: .main, scale: .quick)
}

/// The result of a registered claim, computed at most once per test run.
func claimResult(_ id: String) async throws -> ClaimResult {
    try await SharedResults.evaluator.result(for: id)
}

/// A figure of the claim's statement by its stable key.
func figure(_ r: ClaimResult, _ key: String) -> Figure? { r.statement.figures.first { $0.key == key } }

/// A figure of a named control by its stable key.
func controlFigure(_ r: ClaimResult, _ control: String, _ key: String) -> Figure? {
    r.controls.first { $0.name == control }?.figures.first { $0.key == key }
}

/// The repository root, found from this file's path (Tests/TheoremTests/SharedResults.swift).
func repositoryRoot(_ file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}
