import Claims
import Testing

@Suite("BS-L1 refuted as worded (factor N); BS-L1-CORR holds")
struct BS_L1Tests {
    @Test("the summary's form is gap/N exactly on OLS, with both error terms exactly 0")
    func counterexample() async throws {
        let r = try await claimResult("BS-L1")
        #expect(r.verdict == .refutedAsStated && r.passed)
        #expect(figure(r, "gap[N=2]")?.exact == "277823/591872")
        #expect(figure(r, "gap[N=3]")?.exact == "89165519/437133312")
        for n in 2...4 {
            #expect(figure(r, "seedOverGap[N=\(n)]")?.exact == "1/\(n)")
            #expect(figure(r, "trainingGradientTerm[N=\(n)]")?.exact == "0")
            #expect(figure(r, "remainder[N=\(n)]")?.exact == "0")
            #expect(figure(r, "seedMinusGap[N=\(n)]")?.requirementMet == false)
        }
        let sanity = try #require(r.sanityControls.first)
        #expect(sanity.figures.first { $0.key == "seedMinusGap[N=3]" }?.exact == "0")
    }

    @Test("the repair: exact equality (A), Monte Carlo agreement (B), 1/N² relative error (C)")
    func repair() async throws {
        let r = try await claimResult("BS-L1")
        let rep = try #require(r.repair?.statement)
        #expect(r.repair?.verdict == .holds)
        func f(_ k: String) -> Figure? { rep.figures.first { $0.key == k } }
        for n in 2...4 {
            #expect(f("exactHessianTerm[N=\(n)]")?.exact == f("exactGap[N=\(n)]")?.exact)
            #expect(f("exactIdentity[N=\(n)]")?.exact == f("exactGap[N=\(n)]")?.exact)
        }
        #expect(f("gaussianGap[N=16]")?.exact == "13/32")
        #expect(try #require(f("gaussianMaxZ")).requirementMet)
        let ratio128 = try #require(f("poissonRatio[N=128]")).value
        #expect(abs(ratio128 - 1.000061) < 2e-6) // catalog SIM-4
        #expect(abs(try #require(f("poissonRatio[N=8]")).value - 1.01539) < 1e-4)
        #expect(try #require(f("poissonIdentityError")).value <= 1e-7)
    }

    @Test("controls: ridge breaks Hessian = gap but not the full expansion; (1/N)Σ_i fails everywhere")
    func controls() async throws {
        let r = try await claimResult("BS-L1")
        let ridge = try #require(r.controls.first { $0.name == "ridge λ = 1/2 (non-zero training gradient)" })
        #expect(ridge.failing == ["exactHessianTerm[N=2]", "exactHessianTerm[N=3]", "exactHessianTerm[N=4]"])
        let h = try #require(controlFigure(r, ridge.name, "exactHessianTerm[N=2]")).value
        let g = try #require(controlFigure(r, ridge.name, "exactGap[N=2]")).value
        #expect(abs(h / g - 0.670) < 0.001) // catalog ratio 0.670
        #expect(controlFigure(r, ridge.name, "exactExpansionResidual[N=3]")?.exact == "0")
        let average = try #require(r.controls.first { $0.name == "the summary's (1/N)Σ_i" })
        #expect(average.failing.contains("gaussianMaxZ") && average.failing.contains("poissonScaledErrorMin"))
    }
}
