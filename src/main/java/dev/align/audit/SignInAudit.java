package dev.align.audit;

import dev.align.security.AlignUser;
import dev.align.security.SignInLockedOut;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Every sign-in, failed sign-in and lockout becomes an audit record (support staff included). A
 * sign-in is recorded in the chain of the organisation the person starts in; failures and lockouts,
 * whose account may not exist, in the platform's chain. Never a password.
 */
@Component
class SignInAudit {

    private final AuditTrail audit;

    SignInAudit(AuditTrail audit) {
        this.audit = audit;
    }

    @EventListener
    void signedIn(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof AlignUser user) {
            Long organisation = user.currentMembership().map(m -> m.organisationId()).orElse(null);
            String role = user.currentRole().map(Enum::name).orElse(user.supportStaff() ? "SUPPORT" : "NONE");
            audit.recordSignIn(new AuditEntry(organisation, "sign-in", user.email(), AuditEntry.Outcome.DONE,
                    null, null), user.userId(), user.email(), role);
        }
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String account = event.getAuthentication().getName();
        audit.recordSignIn(new AuditEntry(null, "sign-in.failed", "", AuditEntry.Outcome.DENIED, null,
                Map.of("reason", reason(event.getException().getClass().getSimpleName()))), null, account, "NONE");
    }

    @EventListener
    void lockedOut(SignInLockedOut event) {
        audit.recordSignIn(new AuditEntry(null, "sign-in.locked", "", AuditEntry.Outcome.DENIED, null,
                Map.of("waitSeconds", event.retryAfter().toSeconds())), null, event.account(), "NONE");
    }

    /** Spring's own exceptions by kind, in words; an unknown account reads as a wrong password here too. */
    private static String reason(String exception) {
        return switch (exception) {
            case "DisabledException" -> "account disabled";
            case "LockedException" -> "account locked";
            default -> "wrong e-mail address or password";
        };
    }
}
