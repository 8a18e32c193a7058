package dev.align.audit;

/**
 * The result of walking an organisation's chain: how many records were checked, how many predate the
 * chain, and the first record at which it breaks (null when intact) with what was found there.
 */
public record AuditVerification(long checked, long beforeChain, Long brokenAtId, String finding) {

    public boolean intact() {
        return brokenAtId == null && finding == null;
    }
}
