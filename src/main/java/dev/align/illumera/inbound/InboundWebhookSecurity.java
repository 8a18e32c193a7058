package dev.align.illumera.inbound;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The webhook path only: anyone may post (the token and the signature are the proof, checked by
 * {@link InboundWebhooks}), no session, no CSRF; every other path keeps Align's own chain.
 */
@Configuration
@ConditionalOnWebApplication
class InboundWebhookSecurity {

    @Bean
    @Order(2)
    SecurityFilterChain inboundWebhookChain(HttpSecurity http) throws Exception {
        return http.securityMatcher(InboundWebhooks.PATH + "**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }
}
