package dev.align.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code /actuator/prometheus} for the operators' Prometheus only: a bearer token from configuration
 * ({@code ALIGN_METRICS_TOKEN}), compared in constant time; without one configured the endpoint answers 404,
 * as if it did not exist. No session, no CSRF, nothing else of Align's under this path.
 */
@Configuration
@ConditionalOnWebApplication
class MetricsAccess {

    static final String PATH = "/actuator/prometheus";

    @Bean
    @Order(1)
    SecurityFilterChain metricsChain(HttpSecurity http, @Value("${align.metrics.token:}") String token) throws Exception {
        return http.securityMatcher(PATH, PATH + "/**")
                .addFilterBefore(new BearerToken(token), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }

    static final class BearerToken extends OncePerRequestFilter {

        private final byte[] expected;

        BearerToken(String token) {
            this.expected = token.isBlank() ? null : ("Bearer " + token.strip()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (expected == null) {
                response.setStatus(HttpServletResponse.SC_NOT_FOUND); // not sendError: no error page, no sign-in redirect
                return;
            }
            String given = request.getHeader("Authorization");
            if (given == null || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"align-metrics\"");
                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
