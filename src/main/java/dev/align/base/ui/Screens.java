package dev.align.base.ui;

import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEvent;

/**
 * Screens whose readers the services decide at every call (support staff need a live grant that may
 * expire or be revoked): the view asks first and shows the access-denied page instead of a broken one.
 */
public final class Screens {

    private Screens() {
    }

    /** Runs the service's check; false (and the navigation rerouted) when it refused. */
    public static boolean admitted(BeforeEvent event, Runnable check) {
        try {
            check.run();
            return true;
        } catch (org.springframework.security.access.AccessDeniedException e) {
            event.rerouteToError(AccessDeniedException.class, "This screen needs access you do not have now.");
            return false;
        }
    }
}
