package dev.align.supportaccess.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.base.InvalidInputException;
import dev.align.base.ui.Formats;
import dev.align.base.ui.Forms;
import dev.align.security.Access;
import dev.align.supportaccess.SupportAccess;
import dev.align.supportaccess.SupportGrant;
import jakarta.annotation.security.RolesAllowed;

import java.time.Clock;
import java.time.Instant;

/**
 * Settings → Support access: who from Align support may read the organisation's add-on records, why,
 * and until when; a live grant can be ended at once. Every screen they opened is in the audit trail.
 */
@Route("settings/support-access")
@PageTitle("Support access · Settings · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN})
class SupportAccessView extends VerticalLayout {

    final Grid<SupportGrant> grid = new Grid<>();

    private final SupportAccess access;
    private final Clock clock;

    SupportAccessView(SupportAccess access, Clock clock) {
        this.access = access;
        this.clock = clock;
        setSizeFull();
        grid.setId("support-grants");
        grid.addColumn(SupportGrant::supportEmail).setHeader("Support staff").setAutoWidth(true);
        grid.addColumn(SupportGrant::reason).setHeader("Reason").setFlexGrow(2);
        grid.addColumn(SupportGrant::ticket).setHeader("Ticket").setAutoWidth(true);
        grid.addColumn(g -> Formats.dateTime(g.grantedAt())).setHeader("From").setAutoWidth(true);
        grid.addColumn(g -> Formats.dateTime(g.revokedAt() != null ? g.revokedAt() : g.expiresAt()))
                .setHeader("Until").setAutoWidth(true);
        grid.addComponentColumn(this::stateOrRevoke).setKey("state").setHeader("").setAutoWidth(true);
        grid.setItems(query -> access.grants(query.getOffset(), query.getLimit()).stream());
        grid.setSizeFull();
        add(new H2("Support access"), new Paragraph("Align support can read this organisation's sync history,"
                + " conflicts and audit trail only after giving a reason, for a limited time, read-only. Each screen"
                + " they open is recorded in the audit trail."), grid);
    }

    private com.vaadin.flow.component.Component stateOrRevoke(SupportGrant grant) {
        Instant now = clock.instant();
        if (!grant.liveAt(now)) {
            return new Span(grant.revokedAt() != null ? "Ended by the organisation" : "Expired");
        }
        var revoke = new Button("End now", e -> {
            try {
                access.revoke(grant.id());
                Forms.saved("Support access ended.");
            } catch (InvalidInputException ended) {
                Forms.error(String.join(" ", ended.fieldErrors().values()));
            }
            grid.getDataProvider().refreshAll();
        });
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        return revoke;
    }
}
