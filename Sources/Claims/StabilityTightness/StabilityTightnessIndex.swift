/// Paper 003's claims in catalog order. Every other file in this folder declares
/// one claim, named after its ID (`HC-T1` → HC_T1.swift); a test fails when one is missing here.
enum StabilityTightnessIndex {
    static let claims: [Claim] = [
        HC_H_CVX.claim,
        HC_H_SC.claim,
        HC_LEM5.claim,
        HC_LEM1.claim,
        HC_LEM2.claim,
        HC_T1.claim,
        HC_T1_LIN.claim,
        HC_T2.claim,
        HC_T2_CORR.claim,
        HC_EX_REG.claim,
        HC_LEM3.claim,
        HC_LEM4.claim,
        HC_T3.claim,
        HC_T4.claim,
        HC_T4_CORR.claim,
        HC_CMP_H.claim,
        HC_LEM6.claim,
        HC_T4B.claim,
        HC_T5.claim,
    ]
}
