package dev.align.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Sessions follow role changes: on every request (a page's poll included) the signed-in person's
 * access is read again. A demoted person works with the new role from this request on; a person
 * removed from every organisation, disabled or deleted, loses the session, so a polling page cannot
 * keep it alive. One indexed query per request; static resources are left out.
 */
final class SessionAccess extends OncePerRequestFilter {

    private final AccountAccess accounts;

    SessionAccess(AccountAccess accounts) {
        this.accounts = accounts;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getServletPath().startsWith("/VAADIN/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof AlignUser user) {
            var now = accounts.current(user.userId())
                    .filter(person -> person.supportStaff() || !person.memberships().isEmpty());
            if (now.isEmpty()) {
                SecurityContextHolder.clearContext();
                var session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            } else if (!user.sameAccessAs(now.get())) {
                CurrentUser.replace(user.following(now.get()));
            }
        }
        chain.doFilter(request, response);
    }
}
