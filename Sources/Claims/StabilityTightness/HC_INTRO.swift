import Foundation

/// HC-INTRO: the introduction's list of contributions R1–R7 is an index, not a claim of its own: each item is the
/// theorem or observation it summarises, whose verdict is that claim's. Checked: every item maps to a registered
/// claim of this paper whose location is the result the item describes — which, for R3 and R4, is not the
/// theorem number the introduction prints (the two are swapped).
enum HC_INTRO {
    enum Numbering: String, Codable, Sendable {
        case byContent = "each item mapped to the result it describes"
        case asPrinted = "each item mapped to the theorem number printed beside it"
    }

    struct Item: Sendable {
        let label: String
        let describes: String
        /// The result the item's content is (e.g. "Theorem 4"), and the number printed beside it.
        let result: String
        let printed: String
        /// The claim for each mapping.
        let byContent: String
        let asPrinted: String
    }

    struct Setup: ClaimSetup {
        var numbering = Numbering.byContent
    }

    static let items = [
        Item(label: "R1", describes: "the convex bound of Hardt et al. is tight", result: "Theorem 1", printed: "Theorem 1", byContent: "HC-T1", asPrinted: "HC-T1"),
        Item(label: "R2", describes: "linear models on self-correlated data do not accumulate divergence", result: "Theorem 2", printed: "Theorem 2",
             byContent: "HC-T2", asPrinted: "HC-T2"),
        Item(label: "R3", describes: "a tighter non-convex upper bound", result: "Theorem 4", printed: "Theorem 3", byContent: "HC-T4", asPrinted: "HC-T3"),
        Item(label: "R4", describes: "a non-convex lower bound matching it", result: "Theorem 3", printed: "Theorem 4", byContent: "HC-T3", asPrinted: "HC-T4"),
        Item(label: "R5", describes: "exponential divergence with a constant step", result: "Theorem 5", printed: "Theorem 5", byContent: "HC-T5", asPrinted: "HC-T5"),
        Item(label: "R6", describes: "linear models are Hessian contractive", result: "Observation 1", printed: "Observation 1", byContent: "HC-OBS1",
             asPrinted: "HC-OBS1"),
        Item(label: "R7", describes: "Hessian contractivity localises SGD", result: "Theorem 6", printed: "Theorem 6", byContent: "HC-T6", asPrinted: "HC-T6"),
    ]

    static let claim = Claim(
        "HC-INTRO", paper: Papers.stabilityTightness, location: "§1, contributions R1–R7",
        title: "The contributions R1–R7 map to Theorems 1–6 and Observation 1 (R3 and R4 print each other's numbers)",
        expected: .definition, tiers: [.exact], keyFigure: "mismatchedItems",
        errata: [
            "R3 (\"a tighter non-convex upper bound\") is Theorem 4 and R4 (\"a matching lower bound\") is Theorem 3; the introduction prints them the other way round.",
            """
            The abstract calls the non-convex bounds asymptotically tight up to a constant factor; with the upper bound refuted \
            (HC-T4) and the lower bound loose by a factor growing like n^a (HC-T3), nothing in the paper supports that.
            """,
        ],
        statement: Statement(
            """
            The introduction lists seven contributions: R1 the convex bound is tight; R2 linear models do not accumulate \
            divergence; R3 a tighter non-convex upper bound; R4 a matching non-convex lower bound; R5 exponential divergence \
            with a constant step; R6 linear models are Hessian contractive; R7 Hessian contractivity localises SGD. Each is \
            judged by the claim it maps to (the report lists them).
            """,
            form: .definition,
            hypotheses: [Hypothesis("each item is mapped by what it says, not by the number printed beside it", field: "numbering")],
            construction: """
                For each item: the mapped ID must be a registered claim of this paper, and that claim's location must name \
                the result the item describes. Two items print a number different from their content (reported).
                """,
            setup: Setup(), check: check,
            controls: [.dropping("numbering", name: "numbers as printed", """
                Map R3 and R4 by their printed numbers: R3 lands on Theorem 3 (a lower bound) and R4 on Theorem 4 (an upper \
                bound), and both are counted as mismatches.
                """) { $0.numbering = .asPrinted }]))

    static func check(_ s: Setup, _ context: CheckContext) throws -> Evidence {
        var e = Evidence()
        let registered = Dictionary(StabilityTightnessIndex.claims.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var unregistered: [String] = [], mismatched: [String] = [], lines: [String] = []
        for item in items {
            let id = s.numbering == .byContent ? item.byContent : item.asPrinted
            guard let claim = registered[id] else { unregistered.append("\(item.label) → \(id)"); continue }
            // The location must name the described result as a whole word ("Theorem 4", not "Theorem 4b").
            let names = claim.location.components(separatedBy: CharacterSet(charactersIn: ",()")).contains {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix(item.result)
                    && !$0.trimmingCharacters(in: .whitespaces).dropFirst(item.result.count).hasPrefix("b")
            }
            if !names { mismatched.append("\(item.label) → \(id) (\(claim.location))") }
            lines.append("\(item.label) (\(item.describes)) → \(id), expected \(claim.expectedVerdict.rawValue)")
        }
        let renumbered = items.filter { $0.result != $0.printed }.map(\.label)
        e.add(.count("unregisteredItems", "items whose mapped ID is not a registered claim of this paper", unregistered.count, requirement: .equals("0"),
                     note: unregistered.isEmpty ? "all seven registered" : unregistered.joined(separator: "; ")))
        e.add(.count("mismatchedItems", "items whose mapped claim is not the result they describe", mismatched.count, requirement: .equals("0"),
                     note: mismatched.isEmpty ? "every location names the described result" : mismatched.joined(separator: "; ")))
        e.add(.count("renumberedItems", "items whose printed number differs from the result they describe", renumbered.count,
                     note: renumbered.joined(separator: ", ") + " (erratum)"))
        e.summary = "Every contribution maps to its result: " + lines.joined(separator: "; ") + "."
        return e
    }
}
