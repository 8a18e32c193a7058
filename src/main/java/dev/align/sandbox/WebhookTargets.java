package dev.align.sandbox;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the sandbox's webhooks may go: Align's own base URL only, so that nobody holding the public
 * demo key can make this server send requests to other machines (request forgery). Align's own is this
 * process's port on localhost, plus {@code illumera.sandbox.webhooks.allowed-targets} (ILLUMERA_SANDBOX_
 * WEBHOOK_TARGETS: comma-separated origins, e.g. the load balancer's public URL in front of several
 * nodes; an origin without a port allows any port of that host, which only tests should need).
 */
@Component
class WebhookTargets {

    private final Environment environment;

    WebhookTargets(Environment environment) {
        this.environment = environment;
    }

    /** Read at each use: this process's port is known only once the server has started. */
    List<URI> allowed() {
        List<URI> origins = new ArrayList<>();
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        origins.add(URI.create("http://localhost:" + port));
        origins.add(URI.create("http://127.0.0.1:" + port));
        for (String origin : environment.getProperty("illumera.sandbox.webhooks.allowed-targets", "").split(",")) {
            if (!origin.isBlank()) {
                origins.add(URI.create(origin.strip()));
            }
        }
        return origins;
    }

    boolean allows(String url) {
        URI target;
        try {
            target = URI.create(url).normalize();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (target.getRawUserInfo() != null || target.getHost() == null || target.getScheme() == null) {
            return false;
        }
        return allowed().stream().anyMatch(origin -> same(origin, target));
    }

    private static boolean same(URI origin, URI target) {
        return origin.getScheme().equalsIgnoreCase(target.getScheme())
                && origin.getHost().toLowerCase(Locale.ROOT).equals(target.getHost().toLowerCase(Locale.ROOT))
                && (origin.getPort() == -1 || port(origin) == port(target))
                && under(target.getRawPath(), origin.getRawPath());
    }

    /** The path itself or below it ("/align" allows "/align/hooks", not "/align-x"); never ".." left over. */
    private static boolean under(String path, String base) {
        String prefix = base == null || base.isEmpty() || base.equals("/") ? "" : base.replaceAll("/+$", "");
        String target = path == null ? "" : path;
        return !target.contains("/../") && !target.startsWith("../")
                && (prefix.isEmpty() || target.equals(prefix) || target.startsWith(prefix + "/"));
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
