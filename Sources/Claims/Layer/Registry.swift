/// Errors of the claim layer. `unknownClaim` and `usage` mean bad command-line input (exit 2);
/// the others mean a failed run or comparison (exit 1).
public enum ClaimsError: Error, Equatable, CustomStringConvertible {
    case unknownClaim(String, known: [String])
    case unknownPaper(String, known: [String])
    case duplicateClaim(String)
    case declaration(String)
    case io(String)
    case baseline(String)

    public var description: String {
        switch self {
        case let .unknownClaim(id, known): return "unknown claim ID '\(id)'; known IDs: \(known.joined(separator: ", "))"
        case let .unknownPaper(id, known): return "unknown paper '\(id)'; known papers: \(known.joined(separator: ", "))"
        case let .duplicateClaim(id): return "claim ID '\(id)' is registered twice"
        case let .declaration(m): return m
        case let .io(m): return m
        case let .baseline(m): return m
        }
    }
}

/// A set of papers and their claims, in catalog order. `Registry.main` is the project's; tests of
/// the pipeline build small fixture registries of their own.
public struct Registry: Sendable {
    public let papers: [Paper]
    public let claims: [Claim]

    public init(papers: [Paper], claims: [Claim]) {
        self.papers = papers
        self.claims = claims
    }

    /// Every claim of every paper, from the per-paper indexes.
    public static let main = Registry(papers: Papers.all, claims: Papers.claims)

    public var ids: [String] { claims.map(\.id) }

    public func claim(_ id: String) throws -> Claim {
        guard let c = claims.first(where: { $0.id == id }) else { throw ClaimsError.unknownClaim(id, known: ids) }
        return c
    }

    public func paper(_ id: String) throws -> Paper {
        guard let p = papers.first(where: { $0.id == id || $0.idPrefix == id || $0.idPrefix == id + "-" }) else {
            throw ClaimsError.unknownPaper(id, known: papers.map(\.id))
        }
        return p
    }

    /// Nil when `id` is a valid claim ID: a two-letter prefix, '-', then letters, digits, '.' and
    /// '-' (no '/', no '..'), because it names files under Reports/ and Baselines/.
    public static func idProblem(_ id: String) -> String? {
        let ok = id.count >= 4 && id.count <= 40 && !id.contains("..") && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
            && id.dropFirst(2).hasPrefix("-") && id.prefix(2).allSatisfy { $0.isUppercase }
        return ok ? nil : "claim ID '\(id)' must be two capital letters, '-', then letters, digits, '.' or '-' (it names files)"
    }

    /// The claims named by `ids` (all claims when empty), in registry order, without repeats.
    /// Throws for an unknown ID.
    public func select(_ ids: [String]) throws -> [Claim] {
        if ids.isEmpty { return claims }
        let wanted = Set(try ids.map { try claim($0).id })
        return claims.filter { wanted.contains($0.id) }
    }

    /// Throws if two claims share an ID or a Swift identifier, an ID lacks its paper's prefix, a
    /// claim's paper is not registered, or a repair names an unregistered claim or the claim itself.
    public func validate() throws {
        var seen = Set<String>(), identifiers = Set<String>()
        for c in claims {
            guard seen.insert(c.id).inserted else { throw ClaimsError.duplicateClaim(c.id) }
            guard identifiers.insert(c.identifier).inserted else {
                throw ClaimsError.declaration("claim \(c.id) has the same identifier \(c.identifier) as another claim")
            }
            guard c.id.hasPrefix(c.paper.idPrefix) else {
                throw ClaimsError.declaration("claim \(c.id) does not carry its paper's prefix \(c.paper.idPrefix)")
            }
            guard papers.contains(c.paper) else { throw ClaimsError.declaration("claim \(c.id) belongs to unregistered paper \(c.paper.id)") }
        }
        for c in claims {
            if let why = Registry.idProblem(c.id) { throw ClaimsError.declaration(why) }
            if let r = c.repair?.registeredID {
                guard r != c.id, seen.contains(r) else {
                    throw ClaimsError.declaration("claim \(c.id) names repair \(r), which is \(r == c.id ? "itself" : "not registered")")
                }
                guard let other = claims.first(where: { $0.id == r }), other.paper == c.paper else {
                    throw ClaimsError.declaration("claim \(c.id) names repair \(r) of another paper; a repair lives beside its claim")
                }
            }
        }
        // Repairs must not form a cycle (X → Y → X): a claim's result would depend on request order.
        for c in claims {
            var chain = [c.id], next = c.repair?.registeredID
            while let id = next {
                guard !chain.contains(id) else {
                    throw ClaimsError.declaration("repairs form a cycle: " + (chain + [id]).joined(separator: " → "))
                }
                chain.append(id)
                next = claims.first { $0.id == id }?.repair?.registeredID
            }
        }
    }
}
