package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import dev.align.base.ui.Forms;
import dev.align.illumera.AddOnCard;
import dev.align.illumera.ConnectionRefused;
import dev.align.illumera.ConnectionTest;
import dev.align.illumera.IllumeraAddOnService;

import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Connect (or enter a new key): API key and workspace ID, "Test connection" with Illumera's answer in
 * words, and Connect only once a test of exactly these values passed. Nothing is stored before.
 */
class ConnectDialog extends Dialog {

    final PasswordField apiKey = Forms.serverValidated(new PasswordField("Illumera API key"));
    final TextField workspaceId = Forms.serverValidated(new TextField("Workspace ID"));
    final Button test = new Button("Test connection");
    final Button connect = new Button("Connect");
    final Span result = new Span();
    final Paragraph otherWorkspace = new Paragraph();

    private final IllumeraAddOnService addOn;
    private final Runnable connected;
    private final String currentWorkspace;
    private final BooleanSupplier switchedOrganisation;
    /** The key and workspace of the last passing test; Connect needs them unchanged. */
    private String passedKey;
    private String passedWorkspace;

    ConnectDialog(IllumeraAddOnService addOn, AddOnCard card, String hint, BooleanSupplier switchedOrganisation,
                  Runnable connected) {
        this.addOn = addOn;
        this.connected = connected;
        this.switchedOrganisation = switchedOrganisation;
        // Also after a disconnect: the kept links belong to that workspace.
        this.currentWorkspace = card.workspaceId();
        setHeaderTitle(card.connected() ? "Enter a new Illumera key" : "Connect to Illumera");
        setId("connect-dialog");
        setWidth("32rem");

        apiKey.setHelperText("In Illumera: Settings → API keys. It looks like ilm_live_… and is stored encrypted;"
                + " Align shows only its last four characters.");
        apiKey.setRequiredIndicatorVisible(true);
        apiKey.setMaxLength(200);
        apiKey.setWidthFull();
        workspaceId.setHelperText("In Illumera: the workspace's settings, e.g. ws_AlignDemo.");
        workspaceId.setRequiredIndicatorVisible(true);
        workspaceId.setMaxLength(100);
        workspaceId.setWidthFull();
        if (card.workspaceId() != null) {
            workspaceId.setValue(card.workspaceId());
        }
        result.setId("connection-result");
        result.getElement().setAttribute("role", "status");
        otherWorkspace.addClassName("warning-text");
        otherWorkspace.setVisible(false);
        apiKey.addValueChangeListener(e -> changed());
        workspaceId.addValueChangeListener(e -> changed());

        Forms.onceAtATime(test, this::runTest); // Illumera may take a few seconds (retries)
        connect.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        connect.setEnabled(false);
        connect.setTooltipText("Test the connection first");
        connect.addClickListener(e -> connectNow());
        var cancel = new Button("Cancel", e -> close());

        var body = new VerticalLayout(apiKey, workspaceId, result, otherWorkspace);
        body.setPadding(false);
        if (hint != null && !hint.isBlank()) {
            var hintText = new Paragraph(hint);
            hintText.setId("connect-hint");
            hintText.addClassName("hint");
            body.add(hintText);
        }
        add(body);
        getFooter().add(cancel, test, connect);
    }

    private void changed() {
        boolean same = Objects.equals(apiKey.getValue().strip(), passedKey)
                && Objects.equals(workspaceId.getValue().strip(), passedWorkspace);
        connect.setEnabled(same && passedKey != null);
        String typed = workspaceId.getValue().strip();
        otherWorkspace.setVisible(currentWorkspace != null && !typed.isEmpty() && !typed.equals(currentWorkspace));
        otherWorkspace.setText("This is another workspace than " + currentWorkspace + ": the links to "
                + currentWorkspace + "'s tasks are dropped, the settings return to the defaults and a new initial sync"
                + " runs (connecting to " + currentWorkspace + " again later links by reference and name anew);"
                + " the history and the audit trail are kept.");
    }

    private void runTest() {
        if (switchedOrganisation.getAsBoolean()) {
            close();
            return;
        }
        passedKey = null;
        passedWorkspace = null;
        connect.setEnabled(false);
        Forms.save(Map.of("apiKey", apiKey, "workspaceId", workspaceId), () -> {
            ConnectionTest answer = addOn.testConnection(apiKey.getValue(), workspaceId.getValue());
            show(answer);
            if (answer.passed()) {
                passedKey = apiKey.getValue().strip();
                passedWorkspace = workspaceId.getValue().strip();
                connect.setEnabled(true);
            }
        });
    }

    private void connectNow() {
        if (switchedOrganisation.getAsBoolean()) {
            close();
            return;
        }
        boolean[] refused = {false};
        boolean done = Forms.save(Map.of("apiKey", apiKey, "workspaceId", workspaceId), () -> {
            try {
                addOn.connect(apiKey.getValue(), workspaceId.getValue());
            } catch (ConnectionRefused e) {
                // Illumera changed its answer since the test (key revoked meanwhile, say): say why; nothing stored.
                refused[0] = true;
                show(e.test());
                connect.setEnabled(false);
            }
        });
        if (done && !refused[0]) {
            Forms.saved("Connected to Illumera.");
            close();
            connected.run();
        }
    }

    private void show(ConnectionTest answer) {
        result.setText(answer.message());
        result.getElement().setAttribute("data-outcome", answer.passed() ? "PASSED" : answer.failure().name());
        result.getElement().getThemeList().clear();
        result.getElement().getThemeList().add(answer.passed() ? "badge success" : "badge error");
    }
}
