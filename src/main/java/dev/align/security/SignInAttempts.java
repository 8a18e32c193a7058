package dev.align.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;

/**
 * Puts {@link LoginThrottle} in front of the sign-in form: every posted sign-in takes its attempt
 * first, and one that must wait is turned back before any password is checked (to
 * {@code /login?locked=minutes}); Spring Security's events say when a failure began a lockout, and a
 * success forgets the account's failures.
 */
@Component
class SignInAttempts {

    private final LoginThrottle throttle;
    private final ApplicationEventPublisher events;

    SignInAttempts(LoginThrottle throttle, ApplicationEventPublisher events) {
        this.throttle = throttle;
        this.events = events;
    }

    /** For the security filter chain, before the form login (not a bean: Boot would also add it to every URL). */
    OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return !("POST".equals(request.getMethod()) && request.getServletPath().equals("/login"));
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                Duration wait = throttle.attempt(request.getParameter("username"), request.getRemoteAddr());
                if (!wait.isZero()) {
                    response.sendRedirect(request.getContextPath() + "/login?locked=" + minutes(wait));
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** The attempt was counted before the password was checked; a wait now means this failure began a lockout. */
    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String account = event.getAuthentication().getName();
        Duration wait = throttle.wait(account, address(event.getAuthentication().getDetails()));
        if (!wait.isZero()) {
            events.publishEvent(new SignInLockedOut(account, wait));
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof AlignUser user) {
            throttle.succeeded(event.getAuthentication().getName(), address(event.getAuthentication().getDetails()));
        }
    }

    /** Whole minutes, rounded up: "try again in 1 minute" rather than in 0. */
    static long minutes(Duration wait) {
        return Math.max(1, (wait.toSeconds() + 59) / 60);
    }

    private static String address(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "";
    }
}
