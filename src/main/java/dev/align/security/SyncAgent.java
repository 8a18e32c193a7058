package dev.align.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The Illumera sync acting for one organisation. It is no person: it holds the single authority
 * {@code ROLE_SYNC}, which only the services' sync methods and members' read methods accept, and its
 * organisation is the tenant every query is scoped to, exactly as a person's current organisation.
 */
public record SyncAgent(long organisationId) {

    /** Runs {@code work} as the sync of this organisation, then restores the caller's security context. */
    public static <T> T actFor(long organisationId, Supplier<T> work) {
        return actFor(organisationId, work, true);
    }

    private static <T> T actFor(long organisationId, Supplier<T> work, boolean mayMoveThread) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new Token(new SyncAgent(organisationId)));
        SecurityContextHolder.setContext(context);
        try {
            if (SecurityContextHolder.getContext() != context) {
                // Inside a Vaadin request the holder answers with the web session's context (the person's), not the
                // one set here: the work runs on a thread of its own, where only the sync's context applies.
                if (!mayMoveThread) {
                    throw new IllegalStateException("The sync's security context does not take on this thread");
                }
                return onOwnThread(organisationId, work);
            }
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
    }

    private static <T> T onOwnThread(long organisationId, Supplier<T> work) {
        var result = new AtomicReference<T>();
        var failure = new AtomicReference<Throwable>();
        Thread thread = Thread.ofVirtual().name("sync-agent-" + organisationId).start(() -> {
            try {
                result.set(actFor(organisationId, work, false));
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                SecurityContextHolder.clearContext();
            }
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the sync worked", e);
        }
        if (failure.get() instanceof RuntimeException e) {
            throw e;
        }
        if (failure.get() instanceof Error e) {
            throw e;
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return result.get();
    }

    private static final class Token extends AbstractAuthenticationToken {

        private final SyncAgent agent;

        Token(SyncAgent agent) {
            super(AuthorityUtils.createAuthorityList("ROLE_SYNC"));
            this.agent = agent;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return agent;
        }
    }
}
