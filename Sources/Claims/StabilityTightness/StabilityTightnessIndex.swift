/// Paper 003's claims in catalog order. Every other file in this folder declares
/// one claim, named after its ID (`HC-T1` → HC_T1.swift); a test fails when one is missing here.
enum StabilityTightnessIndex {
    static let claims: [Claim] = [
        HC_DEF6.claim,
        HC_T1.claim,
        HC_T5.claim,
        HC_OBS1.claim,
        HC_T6.claim,
        HC_T6_VAC.claim,
        HC_T6_LOC.claim,
        HC_EQ4.claim,
        HC_FIG1A.claim,
        HC_FIG1B.claim,
        HC_TAB2.claim,
    ]
}
