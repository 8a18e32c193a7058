package dev.align.audit.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.align.audit.AuditQuery;
import dev.align.audit.AuditRecord;
import dev.align.audit.AuditTrail;
import dev.align.audit.AuditVerification;
import dev.align.base.ui.Formats;
import dev.align.base.ui.Forms;
import dev.align.base.ui.Rows;
import dev.align.base.ui.KeysetPages;
import dev.align.base.ui.Screens;
import dev.align.security.Access;
import jakarta.annotation.security.RolesAllowed;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/**
 * The audit trail (PRODUCT §7): who did what, when and from where, with the before/after difference;
 * filtered by actor, action, time and free text; exported as CSV with the chain's hashes; "Verify"
 * recomputes the chain. Owners and Admins of the organisation; support staff under a live grant.
 */
@Route("settings/audit")
@PageTitle("Audit trail · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.SUPPORT_STAFF})
class AuditTrailView extends VerticalLayout implements BeforeEnterObserver {

    final TextField actor = new TextField("Who");
    final TextField action = new TextField("Action");
    final TextField text = new TextField("Contains");
    final DatePicker from = Forms.datePicker("From (UTC)");
    final DatePicker to = Forms.datePicker("To (UTC)");
    final Grid<AuditRecord> grid = new Grid<>();
    final Button verify = new Button("Verify");
    final Paragraph verification = new Paragraph();
    final Anchor export;

    private final AuditTrail audit;
    private final JsonMapper json;
    private final KeysetPages<AuditRecord> pages;
    /** The filters as last shown: the download runs in a request of its own, outside the page's lock. */
    private volatile AuditQuery query = AuditQuery.all();

    AuditTrailView(AuditTrail audit, JsonMapper json) {
        this.audit = audit;
        this.json = json;
        this.pages = new KeysetPages<>((last, limit) -> audit.forOrganisation(query, last, limit));
        setSizeFull();
        for (TextField field : new TextField[] {actor, action, text}) {
            field.setClearButtonVisible(true);
            field.setValueChangeMode(ValueChangeMode.LAZY);
            field.addValueChangeListener(e -> refresh());
        }
        actor.setPlaceholder("e-mail contains");
        action.setPlaceholder("e.g. illumera.settings");
        text.setPlaceholder("in target or change");
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());

        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setId("audit-records");
        grid.addColumn(r -> Formats.dateTime(r.occurredAt())).setHeader("When").setAutoWidth(true);
        grid.addColumn(r -> r.actorEmail() + " · " + r.actorRole() + (r.supportActing() ? " (support)" : ""))
                .setHeader("Who").setFlexGrow(2);
        grid.addColumn(AuditRecord::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(AuditRecord::target).setHeader("What").setFlexGrow(2);
        grid.addColumn(r -> "DONE".equals(r.outcome()) ? "done" : "refused").setHeader("Outcome").setAutoWidth(true);
        grid.addColumn(AuditRecord::clientIp).setHeader("From").setAutoWidth(true);
        Rows.onClick(grid, this::detail);
        grid.setSizeFull();

        verify.setId("verify-trail");
        verify.addClickListener(e -> showVerification(audit.verify()));
        verification.setId("verification");
        DownloadHandler csv = event -> {
            event.setFileName("audit-trail.csv");
            event.setContentType("text/csv; charset=UTF-8");
            try (Writer out = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8)) {
                audit.exportCsv(query, out);
            }
        };
        export = new Anchor(csv, AttachmentType.DOWNLOAD, "Export CSV");
        export.setId("export-csv");

        var filters = new HorizontalLayout(actor, action, text, from, to);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);
        var tools = new HorizontalLayout(export, verify);
        tools.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        add(new H2("Audit trail"), new Paragraph("Every change to the add-on's configuration and every access by"
                + " support staff, newest first. Records cannot be changed; Verify checks that none was."),
                filters, tools, verification, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (Screens.admitted(event, () -> audit.screenOpened("Audit trail"))) {
            grid.setItems(pages::fetch);
        }
    }

    private void refresh() {
        query = new AuditQuery(action.getValue(), actor.getValue(),
                from.getValue() == null ? null : from.getValue().atStartOfDay().toInstant(ZoneOffset.UTC),
                to.getValue() == null ? null : to.getValue().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC),
                text.getValue());
        pages.reset();
        grid.getDataProvider().refreshAll();
    }

    private void showVerification(AuditVerification result) {
        verification.getElement().setAttribute("data-intact", String.valueOf(result.intact()));
        String before = result.beforeChain() == 0 ? "" : " " + result.beforeChain()
                + " older records were written before the chain began and are not covered.";
        verification.setText(result.intact()
                ? "Intact: all " + result.checked() + " records are as they were written." + before
                : "Broken: " + result.finding() + " Checked up to that point: " + result.checked() + " records." + before);
    }

    private void detail(AuditRecord record) {
        var dialog = new Dialog();
        dialog.setId("audit-detail");
        dialog.setHeaderTitle(record.action() + " · " + Formats.dateTime(record.occurredAt()));
        dialog.setWidth("44rem");
        var body = new Div();
        body.add(new Paragraph("Who: " + record.actorEmail() + " (" + record.actorRole()
                        + (record.supportActing() ? ", support staff acting for the organisation" : "") + ")"),
                new Paragraph("What: " + record.target()), new Paragraph("Outcome: " + record.outcome()),
                new Paragraph("From: " + record.clientIp() + " · request " + record.requestId()));
        JsonNode changes = json.readTree(record.difference());
        if (changes.isEmpty()) {
            body.add(new Paragraph("No values changed."));
        }
        for (var field : changes.properties()) {
            body.add(new Paragraph(field.getKey() + ": " + show(field.getValue().get("before")) + " → "
                    + show(field.getValue().get("after"))));
        }
        body.add(new Pre("hash " + (record.hash() == null ? "(before the chain)" : record.hash())
                + "\nprevious " + (record.previousHash() == null ? "—" : record.previousHash())));
        dialog.add(body);
        dialog.getFooter().add(new Button("Close", e -> dialog.close()));
        dialog.open();
    }

    private static String show(JsonNode value) {
        return value == null || value.isNull() ? "—" : value.isString() ? value.asString() : value.toString();
    }
}
