package dev.align.base.ui;

import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.VaadinSession;
import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.security.authorization.AuthorizationDeniedException;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalErrorHandlerTest extends KaribuTestBase {

    @Test
    void a_refused_action_is_said_on_the_page_and_other_errors_are_left_to_vaadin() {
        signIn(data.tenant(Plan.BUSINESS).admin());
        navigate("entries");
        var handler = VaadinSession.getCurrent().getErrorHandler();
        assertThat(handler).isInstanceOf(RefusalErrorHandler.class);

        handler.error(new ErrorEvent(new IllegalStateException("wrapped",
                new AuthorizationDeniedException("Access Denied"))));

        NotificationsKt.expectNotifications(RefusalErrorHandler.MESSAGE);
        assertThat(RefusalErrorHandler.refused(new IllegalStateException("boom"))).isFalse();
    }
}
