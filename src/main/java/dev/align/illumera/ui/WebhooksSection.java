package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.align.base.InvalidInputException;
import dev.align.base.ui.Forms;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.inbound.InboundWebhooks;
import dev.align.illumera.inbound.InboundWebhooks.Status;

import java.time.Clock;

/**
 * The card's Webhooks section (Owners and Admins): the address Illumera posts to, with a copy button;
 * "Register in Illumera" in one click (then "Rotate secret"); the secret shown on demand; whether
 * Illumera lists it, asked live on "Check registration"; the last event and the rejected deliveries.
 */
class WebhooksSection extends Div {

    final TextField url = new TextField("Webhook URL");
    final Button copy = new Button("Copy");
    final Button register = new Button("Register in Illumera");
    final Button check = new Button("Check registration");
    final Button reveal = new Button("Show secret");
    final Span secret = new Span();
    final Span state = new Span();
    final Span problem = new Span();

    private final InboundWebhooks webhooks;
    private final Clock clock;
    private Status status;
    /** The card refreshes its checks after an action here. */
    private Runnable changed = () -> { };

    WebhooksSection(InboundWebhooks webhooks, Clock clock) {
        this.webhooks = webhooks;
        this.clock = clock;
        setId("webhooks");
        addClassName("addon-webhooks");
        url.setId("webhook-url");
        url.setReadOnly(true);
        url.setWidthFull();
        url.setHelperText("Illumera posts each change here (signed; anything else is refused).");
        copy.setId("webhook-copy");
        copy.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        copy.addClickListener(e -> {
            copy.getElement().executeJs("navigator.clipboard && navigator.clipboard.writeText($0)", url.getValue());
            Forms.saved("The webhook URL is copied.");
        });
        register.setId("webhook-register");
        register.addClickListener(e -> act(() -> {
            boolean rotation = status != null && status.anyRegistered();
            status = webhooks.register();
            secret.setVisible(false);
            Forms.saved(rotation ? "A new secret is in use; the old one is accepted for another hour."
                    : "Registered in Illumera: changes there arrive within seconds.");
        }));
        check.setId("webhook-check");
        check.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        check.addClickListener(e -> act(() -> status = webhooks.status(true)));
        reveal.setId("webhook-reveal");
        reveal.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        reveal.addClickListener(e -> act(() -> {
            var shown = webhooks.revealSecrets();
            secret.setText((shown.size() == 1 ? "Signing secret: " : "Signing secrets: ") + String.join(" · ",
                    shown.entrySet().stream().map(s -> shown.size() == 1 ? s.getValue() : s.getKey() + " " + s.getValue())
                            .toList()));
            secret.setVisible(true);
        }));
        secret.setId("webhook-secret");
        secret.setVisible(false);
        state.setId("webhook-state");
        problem.setId("webhook-problem");
        problem.addClassName("error-text");
        var urlRow = new HorizontalLayout(url, copy);
        urlRow.setWidthFull();
        urlRow.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(new H4("Webhooks"), new Paragraph("With a webhook, Illumera tells Align about each change at once;"
                + " without one, changes there arrive with the next scheduled sync."), urlRow, state, problem,
                new HorizontalLayout(register, check, reveal), secret);
    }

    void onChange(Runnable listener) {
        this.changed = listener;
    }

    /** Reads the stored state again (no question to Illumera: the card polls). */
    void refresh() {
        Status stored = webhooks.status(false);
        if (status != null && status.liveCheck() != null && java.util.Objects.equals(status.registeredAt(),
                stored.registeredAt()) && status.workspaces() == stored.workspaces()) {
            // Keep Illumera's last answer about these webhooks until they change.
            stored = new Status(stored.url(), stored.registered(), stored.workspaces(), stored.registeredAt(),
                    stored.lastEventAt(),
                    stored.rejected(), stored.lastRejectedAt(), stored.lastRejection(), status.liveCheck(),
                    status.registeredLive(), stored.setupProblem());
        }
        status = stored;
        show();
    }

    /** The state last read (with the live answer after "Check registration"), for the troubleshooting check. */
    Status status() {
        return status;
    }

    private void act(Runnable action) {
        try {
            action.run();
        } catch (InvalidInputException e) {
            Forms.error(String.join(" ", e.fieldErrors().values()));
        } catch (IllumeraException e) {
            Forms.error("Illumera refused: " + e.getMessage());
        }
        show();
        changed.run();
    }

    private void show() {
        if (status == null) {
            return;
        }
        boolean registered = status.anyRegistered();
        boolean complete = status.registered() >= status.workspaces();
        url.setValue(status.url() == null ? "" : status.url());
        url.setVisible(status.url() != null);
        copy.setVisible(status.url() != null);
        register.setText(!registered ? "Register in Illumera" : complete ? "Rotate secret" : "Register again");
        register.setEnabled(status.setupProblem() == null);
        if (registered) {
            register.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
        } else {
            register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
        check.setVisible(registered);
        reveal.setVisible(registered);
        var now = clock.instant();
        state.setText(!registered ? "Not registered." : (status.liveCheck() != null ? status.liveCheck()
                : "Registered in " + status.registered() + " of " + status.workspaces() + " synced workspace"
                + (status.workspaces() == 1 ? "" : "s") + ", " + CardHealth.ago(status.registeredAt(), now)) + " · "
                + (status.lastEventAt() == null ? "no event received yet" : "last event "
                + CardHealth.ago(status.lastEventAt(), now)) + " · " + status.rejected() + " rejected deliver"
                + (status.rejected() == 1 ? "y" : "ies") + ".");
        state.getElement().setAttribute("data-registered", String.valueOf(registered));
        problem.setText(status.setupProblem() == null ? "" : status.setupProblem());
        problem.setVisible(status.setupProblem() != null);
    }
}
