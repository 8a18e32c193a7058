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
    }

}
