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
import org.springframework.security.web.SecurityFilterChain;
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

        @Bean
        SecurityFilterChain securityFilterChain(HttpSecurity http, SignInAttempts signIns, AccountAccess accounts)
                throws Exception {
            http.addFilterBefore(signIns.filter(), UsernamePasswordAuthenticationFilter.class)
                    .addFilterAfter(new SessionAccess(accounts), SecurityContextHolderFilter.class);
            // Permitted before Vaadin's rules, or the login page's stylesheet would redirect to /login.
            http.authorizeHttpRequests(auth -> auth
                    .requestMatchers("/styles/**", "/lumo/**", "/images/**", "/actuator/health/**").permitAll());
            return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView("/login")).build();
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
