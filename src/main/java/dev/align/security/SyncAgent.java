package dev.align.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.function.Supplier;

/**
 * The Illumera sync acting for one organisation. It is no person: it holds the single authority
 * {@code ROLE_SYNC}, which only the services' sync methods and members' read methods accept, and its
 * organisation is the tenant every query is scoped to, exactly as a person's current organisation.
 */
public record SyncAgent(long organisationId) {

    /** Runs {@code work} as the sync of this organisation, then restores the caller's security context. */
    public static <T> T actFor(long organisationId, Supplier<T> work) {
        var previous = SecurityContextHolder.getContext();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new Token(new SyncAgent(organisationId)));
        SecurityContextHolder.setContext(context);
        try {
            return work.get();
        } finally {
            SecurityContextHolder.setContext(previous);
        }
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
