package dev.align.security;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;

@Configuration
@EnableMethodSecurity
class SecurityConfig {

    /**
     * The web's rules, only where Align serves the web: a node started without a web server (a sync
     * worker) keeps method security, which is where the services enforce who may do what.
     */
    @Configuration
    @EnableWebSecurity
    @ConditionalOnWebApplication
    static class WebSecurityConfig {

        /**
         * What Vaadin Flow needs and no more: its client engine starts from an inline script and runs the
         * server's expressions as functions ('unsafe-inline', 'unsafe-eval', inline styles); everything else
         * from this origin only, no framing by other sites, forms posting here only.
         */
        static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval';"
                + " style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:;"
                + " connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';"
                + " frame-ancestors 'none'";

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http, SignInAttempts signIns, AccountAccess accounts)
                throws Exception {
            http.addFilterBefore(signIns.filter(), UsernamePasswordAuthenticationFilter.class)
                    .addFilterAfter(new SessionAccess(accounts), SecurityContextHolderFilter.class);
            // HSTS (Spring's default) goes out on https requests only: behind a proxy, those it says are https.
            http.headers(headers -> {
                headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN));
                // Eagerly: Vaadin writes its pages past the wrapper that would add them when the response commits.
                headers.addObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                });
            });
            // Permitted before Vaadin's rules, or the login page's stylesheet would redirect to /login.
            http.authorizeHttpRequests(auth -> auth
                    .requestMatchers("/styles/**", "/lumo/**", "/images/**", "/actuator/health/**").permitAll());
            // A signed-in person's unknown address reaches Vaadin, which answers with the not-found page (404)
            // in the shell, instead of a bare 403 from here; anonymous visitors still go to the login page.
            return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView("/login")
                    .anyRequest(rule -> rule.authenticated())).build();
        }
    }

    /** Refused authorizations become events, so that refused configuration attempts can be audited. */
    @Bean
    AuthorizationEventPublisher authorizationEventPublisher(ApplicationEventPublisher events) {
        return new SpringAuthorizationEventPublisher(events);
    }

    /** bcrypt (adaptive) by default; the {id} prefix lets stored hashes move to a stronger scheme later. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
