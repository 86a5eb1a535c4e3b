import Claims
import Testing

@Suite("BS-IDEAL SGD escapes a deeper, flatter, wider spurious minimum")
struct BS_IDEALTests {
    @Test("the landscape matches the catalog's table")
    func landscape() async throws {
        let r = try await claimResult("BS-IDEAL")
        #expect(r.verdict == .empirical && r.passed)
        #expect(abs(try #require(figure(r, "thetaF")).value - 3.844352) < 1e-6)
        #expect(abs(try #require(figure(r, "thetaT")).value - 0.000821) < 1e-6)
        #expect(abs(try #require(figure(r, "thetaB")).value - 1.432652) < 1e-6)
        for key in ["deeperBy", "flatterBy", "widerBy"] { #expect(try #require(figure(r, key)).requirementMet, "\(key)") }
    }

    @Test("GD caught everywhere, SGD escapes, NoisyGD at constant noise does not match SGD")
    func outcomes() async throws {
        let r = try await claimResult("BS-IDEAL")
        #expect(try #require(figure(r, "gdGridDistance")).value < 1e-6)
        // "every start" rests on the GD map being increasing on [2, 6] and pointing inwards at both ends.
        for key in ["gdMapIncreasing", "gdEndsInward"] {
            let f = try #require(figure(r, key), "\(key)")
            #expect(f.role == .hypothesis && f.requirementMet, "\(key)")
        }
        #expect(abs(try #require(figure(r, "gdMapIncreasing")).value - (1 - 0.05 * 5.20)) < 0.01) // catalog η·max L_S″ = 0.05·5.20
        #expect(try #require(figure(r, "sgdSpuriousUpper")).value < 0.05)
        #expect(try #require(figure(r, "sgdMeanTest")).value < 1e-3)
        #expect(figure(r, "gdSpurious")?.exact == "160")
        #expect(figure(r, "noisyLocalSpurious")?.exact == "0")
        #expect(try #require(figure(r, "noisyMinusSgdMinZ")).requirementMet)
        #expect(abs(try #require(figure(r, "noisyMeanTest[tauF]")).value - 3.45) < 0.1) // catalog 3.4455
    }

    @Test("each dropped hypothesis makes SGD lose its advantage")
    func controls() async throws {
        let r = try await claimResult("BS-IDEAL")
        for name in ["no gradient disagreement (ρ = 0)", "weak disagreement (ρ = 10)", "larger batch (B = 5)", "smaller step (η = 0.01)"] {
            let c = try #require(r.controls.first { $0.name == name })
            #expect(c.failing.contains("sgdSpuriousUpper"), "\(name)")
        }
        let real = try #require(r.controls.first { $0.name == "the dip is real (test loss L_S)" })
        #expect(real.failing.contains("gdMinusSgdZ"))
    }
}
