package dev.align.illumera.ui;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.audit.AuditTrail;
import dev.align.base.ui.Screens;
import dev.align.illumera.history.SyncHistory;
import dev.align.illumera.history.SyncHistory.ReleaseReport;
import dev.align.security.Access;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;

/**
 * The cross-platform report (PRODUCT §0): per release and its paired sprint, the time tracked in
 * Align, entries by status on both sides and the sync state, drawn as SVG on the server.
 */
@Route("settings/add-ons/report")
@PageTitle("Release report · Illumera · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.SUPPORT_STAFF})
class ReportView extends VerticalLayout implements BeforeEnterObserver {

    final Div charts = new Div();

    private final SyncHistory history;
    private final AuditTrail audit;

    ReportView(SyncHistory history, AuditTrail audit) {
        this.history = history;
        this.audit = audit;
        charts.setId("release-report");
        charts.addClassName("release-report");
        add(new H2("Releases in Align and Illumera"), Labels.links(new Anchor(SyncHistoryView.ROUTE, "Sync history")),
                new Paragraph("Per release and its sprint: time tracked in Align, entries by status on both sides"
                        + " (Illumera's as both sides last agreed it), and whether they are in sync."), charts);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (!Screens.admitted(event, () -> audit.screenOpened("Release report"))) {
            return;
        }
        List<ReleaseReport> reports = history.releaseReport();
        charts.removeAll();
        if (reports.isEmpty()) {
            charts.add(new Paragraph("No releases yet."));
        }
        // Html needs one root element; each SVG is one, and every text in it is escaped by ReportSvg.
        reports.forEach(report -> charts.add(new Html(ReportSvg.release(report))));
    }
}
