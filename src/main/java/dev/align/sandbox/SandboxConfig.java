package dev.align.sandbox;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The sandbox is served under {@value #PREFIX} when {@code illumera.sandbox.enabled} (the default
 * configuration); it authenticates by API key itself, outside Align's sign-in. Its webhook dispatcher is
 * a scheduled job like Align's own: it runs only where {@code align.scheduling.enabled} lets jobs run.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "illumera.sandbox.enabled", havingValue = "true")
class SandboxConfig implements WebMvcConfigurer {

    static final String PREFIX = "/illumera-sandbox";

    private final KeyAuthInterceptor keys;
    private final AdminGate admin;

    SandboxConfig(KeyAuthInterceptor keys, AdminGate admin) {
        this.keys = keys;
        this.admin = admin;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(keys).addPathPatterns(PREFIX + "/v1/**");
        registry.addInterceptor(admin).addPathPatterns(PREFIX + "/admin/**");
    }

    /** Bearer keys, no sessions, no CSRF (no browser session to protect), before Align's own chain. */
    @Bean
    @Order(1)
    SecurityFilterChain sandboxSecurity(HttpSecurity http) throws Exception {
        return http.securityMatcher(PREFIX + "/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .build();
    }
}
