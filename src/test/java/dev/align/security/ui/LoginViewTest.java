package dev.align.security.ui;

import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.QueryParameters;
import dev.align.support.KaribuTestBase;
import org.junit.jupiter.api.Test;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

class LoginViewTest extends KaribuTestBase {

    @Test
    void anonymous_visitors_get_the_login_form_posting_to_spring_security() {
        navigate("login");

        LoginForm form = _get(LoginForm.class);
        assertThat(form.getAction()).isEqualTo("login");
        assertThat(form.isError()).isFalse();
        assertThat(form.isForgotPasswordButtonVisible()).isFalse();
    }

    @Test
    void a_failed_sign_in_shows_the_error() {
        UI.getCurrent().navigate("login", QueryParameters.of("error", ""));

        assertThat(_get(LoginForm.class).isError()).isTrue();
        assertThat(_get(LoginView.class).i18n.getErrorMessage().getTitle())
                .isEqualTo("Incorrect e-mail address or password");
    }

    @Test
    void a_throttled_sign_in_says_how_long_to_wait_and_nothing_about_the_account() {
        UI.getCurrent().navigate("login", QueryParameters.of("locked", "15"));

        LoginForm form = _get(LoginForm.class);
        assertThat(form.isError()).isTrue();
        assertThat(_get(LoginView.class).i18n.getErrorMessage().getTitle()).isEqualTo("Too many attempts");
        assertThat(_get(LoginView.class).i18n.getErrorMessage().getMessage()).contains("Try again in 15 minutes.")
                .doesNotContainIgnoringCase("account");

        UI.getCurrent().navigate("login", QueryParameters.of("locked", "<script>"));
        assertThat(_get(LoginView.class).i18n.getErrorMessage().getMessage()).contains("a few minutes")
                .doesNotContain("<");
    }

}
