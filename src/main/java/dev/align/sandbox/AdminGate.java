package dev.align.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The admin API (faults, keys, secrets) answers only a request made on this machine, straight to
 * this process (a request that passed a proxy carries forwarding headers and is refused, whatever
 * they claim), with the token made at start: printed once in the log, or given as
 * {@code illumera.sandbox.admin-token} (ILLUMERA_SANDBOX_ADMIN_TOKEN) by whoever runs the tests.
 */
@Component
@ConditionalOnProperty(name = "illumera.sandbox.enabled", havingValue = "true")
class AdminGate implements HandlerInterceptor {

    static final String HEADER = "X-Sandbox-Admin-Token";
    private static final Logger log = LoggerFactory.getLogger(AdminGate.class);
    static final List<String> FORWARDING = List.of("X-Forwarded-For", "Forwarded", "X-Real-IP",
            "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port", "X-Forwarded-Prefix", "Via");

    /** Where {@link PeerAddressValve} notes the address of the connection's other end. */
    static final String PEER = AdminGate.class.getName() + ".peer";
    static final String PROXIED = AdminGate.class.getName() + ".proxied";

    private final byte[] token;

    AdminGate(@Value("${illumera.sandbox.admin-token:}") String configured,
              @Value("${illumera.sandbox.admin-api:false}") boolean adminApi) {
        String value = configured.isBlank() ? generated() : configured;
        if (configured.isBlank() && adminApi) {
            log.warn("The Illumera sandbox's admin API is on (local requests only). Its token for this start,"
                    + " shown once, in the {} header: {}", HEADER, value);
        }
        this.token = value.getBytes(StandardCharsets.UTF_8);
    }

    private static String generated() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        // The socket's own peer, noted before Tomcat's RemoteIpValve (ALIGN_FORWARDED_HEADERS=native) replaces the
        // remote address with what a proxy's X-Forwarded-For says (and removes that header).
        Object peer = request.getAttribute(PEER);
        String address = peer instanceof String noted ? noted : request.getRemoteAddr();
        boolean proxied = request.getAttribute(PROXIED) != null
                || FORWARDING.stream().anyMatch(name -> request.getHeader(name) != null);
        if (proxied || !InetAddress.getByName(address).isLoopbackAddress()) {
            throw refused("The sandbox's admin API answers only local requests.");
        }
        String given = request.getHeader(HEADER);
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw refused("The sandbox's admin API needs its token (printed in the log at start) in " + HEADER + ".");
        }
        return true;
    }

    private static ApiError refused(String detail) {
        return new ApiError(403, "forbidden", detail, List.of(), null, Map.of());
    }
}
