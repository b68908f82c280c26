package dev.agentfactory.ingress.pairing;

/** What {@code /start <code>} achieved; {@code error} is one of the {@code ERROR_*} values when it failed. */
public record PairingOutcome(boolean ok, String error, String agentKey, String bindingId) {

    public static final String ERROR_INVALID = "pairing_code_invalid";
    public static final String ERROR_NOT_FOUND = "pairing_code_not_found";
    public static final String ERROR_EXPIRED = "pairing_code_expired";
    public static final String ERROR_USED = "pairing_code_used";

    static PairingOutcome paired(PairingCode code) {
        return new PairingOutcome(true, null, code.agentKey(), String.valueOf(code.bindingId()));
    }

    public static PairingOutcome failed(String error) {
        return new PairingOutcome(false, error, null, null);
    }
}
