package dev.align.base.ui;

import com.vaadin.flow.server.DefaultErrorHandler;
import com.vaadin.flow.server.ErrorEvent;
import com.vaadin.flow.server.ErrorHandler;
import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinSession;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

/**
 * A service refusing an action (the person's role changed while a page was open, say) is said in words
 * on the page instead of disappearing into the log; every other error goes to Vaadin's default handler.
 */
@Component
class RefusalErrorHandler implements VaadinServiceInitListener, ErrorHandler {

    static final String MESSAGE = "You are not allowed to do this (any more): your role in this organisation may"
            + " have changed. Nothing was changed; reload the page.";

    private final ErrorHandler fallback = new DefaultErrorHandler();

    @Override
    public void serviceInit(ServiceInitEvent event) {
        event.getSource().addSessionInitListener(init -> init.getSession().setErrorHandler(this));
    }

    @Override
    public void error(ErrorEvent event) {
        if (refused(event.getThrowable()) && VaadinSession.getCurrent() != null) {
            Forms.error(MESSAGE);
            return;
        }
        fallback.error(event);
    }

    static boolean refused(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof AccessDeniedException) {
                return true;
            }
        }
        return false;
    }
}
