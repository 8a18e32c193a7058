package dev.align.security.ui;

import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

@Route(value = "login", autoLayout = false)
@PageTitle("Sign in · Align")
@AnonymousAllowed
class LoginView extends VerticalLayout implements BeforeEnterObserver {

    private final LoginForm login = new LoginForm();
    /** The words of the form's error, as last shown (tests read them; the form keeps its own copy private). */
    LoginI18n i18n;

    LoginView() {
        addClassName("login-view");
        setSizeFull();
        setAlignItems(Alignment.CENTER);
        setJustifyContentMode(JustifyContentMode.CENTER);
        login.setAction("login");
        login.setForgotPasswordButtonVisible(false);
        add(new H1("Align"), new Paragraph("Sign in with your e-mail address."), login);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        var parameters = event.getLocation().getQueryParameters().getParameters();
        // The same words whether or not the account exists: they say nothing an attacker could use.
        i18n = LoginI18n.createDefault();
        if (parameters.containsKey("locked")) {
            String minutes = parameters.get("locked").getFirst().replaceAll("[^0-9]", "");
            i18n.getErrorMessage().setTitle("Too many attempts");
            i18n.getErrorMessage().setMessage("Sign-in is paused after too many failed attempts. Try again in "
                    + (minutes.isEmpty() || minutes.length() > 4 ? "a few minutes" : minutes
                    + (minutes.equals("1") ? " minute" : " minutes")) + ".");
        } else {
            i18n.getErrorMessage().setTitle("Incorrect e-mail address or password");
            i18n.getErrorMessage().setMessage("Check both and try again.");
        }
        login.setI18n(i18n);
        login.setError(parameters.containsKey("error") || parameters.containsKey("locked"));
    }
}
