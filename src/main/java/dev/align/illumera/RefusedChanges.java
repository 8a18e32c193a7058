package dev.align.illumera;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.security.CurrentUser;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.context.event.EventListener;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.stereotype.Component;

import java.util.Set;

/** Records refused attempts to change the Illumera configuration (who tried what) in the audit trail. */
@Component
class RefusedChanges {

    private static final Set<String> CHANGES = Set.of("connect", "disconnect", "saveSettings");

    private final AuditTrail audit;

    RefusedChanges(AuditTrail audit) {
        this.audit = audit;
    }

    @EventListener
    void refused(AuthorizationDeniedEvent<?> event) {
        if (!(event.getObject() instanceof MethodInvocation invocation)
                || invocation.getMethod().getDeclaringClass() != IllumeraAddOnService.class
                || !CHANGES.contains(invocation.getMethod().getName())) {
            return;
        }
        CurrentUser.get().ifPresent(user -> audit.recordDenied(new AuditEntry(
                user.currentMembership().map(m -> m.organisationId()).orElse(null),
                "illumera." + invocation.getMethod().getName(), "Settings → Add-ons → Illumera",
                AuditEntry.Outcome.DENIED, null, null)));
    }
}
