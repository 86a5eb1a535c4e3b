import Claims
import Testing

@Suite("BS-T1 B·Σ_S^B → Σ_pop, with the exact finite-N law")
struct BS_T1Tests {
    @Test("exact closed forms: Σ_pop, m4, s2, t1 as in the catalog, and Isserlis agrees on both instances")
    func closedForms() async throws {
        let r = try await claimResult("BS-T1")
        #expect(r.verdict == .holds && r.passed)
        #expect(figure(r, "fourthMoment[instance=1]")?.exact == "305145/1024")
        #expect(figure(r, "fourthMoment[instance=2]")?.exact == "6647901")
        #expect(figure(r, "squaredFrobenius")?.exact == "17217/1024")
        #expect(figure(r, "traceSigmaPop")?.exact == "183/32")
        for (key, value) in [("sigmaPop[1,1]", "5/2"), ("sigmaPop[1,2]", "5/4"), ("sigmaPop[1,3]", "-7/8"),
                             ("sigmaPop[2,2]", "17/8"), ("sigmaPop[2,3]", "5/16"), ("sigmaPop[3,3]", "35/32")] {
            #expect(figure(r, key)?.exact == value, "\(key)")
        }
        for i in 1...2 {
            #expect(figure(r, "wickCovarianceDiff[instance=\(i)]")?.exact == "0")
            #expect(figure(r, "wickFourthMomentDiff[instance=\(i)]")?.exact == "0")
        }
    }

    @Test("the finite-N law equals enumeration on the discrete law (catalog values N = 1…5)")
    func finiteLaw() async throws {
        let r = try await claimResult("BS-T1")
        for (n, v) in [(1, "1633/256"), (2, "651/128"), (3, "2687/768"), (4, "21467/8192"), (5, "66669/32000")] {
            let f = try #require(figure(r, "discreteLaw[N=\(n)]"))
            #expect(f.exact == v && f.requirementMet, "N = \(n)")
        }
        #expect(abs(try #require(figure(r, "exactSlope")).value + 0.9964) < 1e-3) // N = 2⁷…2¹² (quick grid)
    }

    @Test("Monte Carlo agrees with the exact expectation at every N and the slope is −1; both controls fail it")
    func rate() async throws {
        let r = try await claimResult("BS-T1")
        #expect(try #require(figure(r, "maxRateZ")).requirementMet)
        #expect(try #require(figure(r, "slopeZ")).requirementMet)
        #expect(try #require(figure(r, "pathSlopeZ")).requirementMet)
        for control in ["half the sample is one fixed point", "no factor B (compare Σ_S^B with Σ_pop, B = 4)"] {
            let c = try #require(r.controls.first { $0.name == control })
            #expect(c.failing.contains("maxRateZ") && c.failing.contains("slopeZ"), "\(control)")
        }
        // The fixed-point control levels off near 14969/4096 ≈ 3.65, far above the i.i.d. error at N = 4096.
        let fixed = try #require(controlFigure(r, "half the sample is one fixed point", "meanError[N=4096]")).value
        #expect(fixed > 3 && fixed < 4.5)
        let noB = try #require(controlFigure(r, "no factor B (compare Σ_S^B with Σ_pop, B = 4)", "meanError[N=4096]")).value
        #expect(abs(noB - 9.0 / 16 * 17217 / 1024) < 0.5)
    }
}

@Suite("BS-T1 report text")
struct BS_T1TextTests {
    @Test("the construction names the grid's Bonferroni count for both scales, not the full scale's 9 alone")
    func bonferroniText() throws {
        let claim = try Registry.main.claim("BS-T1")
        #expect(!claim.statement.construction.contains("Bonferroni over 9"))
    }
}
