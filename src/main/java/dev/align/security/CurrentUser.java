package dev.align.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.Optional;

/** Who is signed in, and in which organisation they are working now. */
public final class CurrentUser {

    private static final SecurityContextRepository repository = new HttpSessionSecurityContextRepository();

    private CurrentUser() {
    }

    public static Optional<AlignUser> get() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof AlignUser user
                ? Optional.of(user) : Optional.empty();
    }

    public static AlignUser require() {
        return get().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("Not signed in"));
    }

    /** The tenant every query is scoped to; refused for callers without a current organisation. */
    public static long organisationId() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SyncAgent agent) {
            return agent.organisationId();
        }
        return require().currentMembership()
                .orElseThrow(() -> new AccessDeniedException("No current organisation"))
                .organisationId();
    }

    /** Makes another of the person's organisations the current one, for this and later requests. */
    public static void switchOrganisation(long organisationId) {
        replace(require().withCurrentOrganisation(organisationId));
    }

    /** Support staff: the organisation they look at now, for this and later requests. */
    public static void switchSupportOrganisation(long organisationId) {
        replace(require().withSupportOrganisation(organisationId));
    }

    static void replace(AlignUser switched) {
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                switched, null, switched.getAuthorities()));
        SecurityContextHolder.setContext(context);
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            HttpServletResponse response = attributes.getResponse();
            repository.saveContext(context, request, response);
        }
    }
}
