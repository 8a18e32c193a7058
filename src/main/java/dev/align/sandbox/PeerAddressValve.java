package dev.align.sandbox;

import jakarta.servlet.ServletException;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Notes the address of the connection's other end, and whether the request came with forwarding
 * headers, for {@link AdminGate}: first in Tomcat's engine pipeline, before a RemoteIpValve can replace
 * the address with a proxy's word (X-Forwarded-For) and remove the header, which the sandbox's admin
 * API must never take.
 */
@Component
@ConditionalOnProperty(name = "illumera.sandbox.enabled", havingValue = "true")
@Order(Ordered.LOWEST_PRECEDENCE) // after Boot's own customizer has added its valves
class PeerAddressValve extends ValveBase implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    PeerAddressValve() {
        super(true);
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        List<Valve> valves = new ArrayList<>(List.of(this));
        valves.addAll(factory.getEngineValves());
        factory.setEngineValves(valves);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        request.setAttribute(AdminGate.PEER, request.getRemoteAddr());
        if (AdminGate.FORWARDING.stream().anyMatch(name -> request.getHeader(name) != null)) {
            request.setAttribute(AdminGate.PROXIED, Boolean.TRUE);
        }
        getNext().invoke(request, response);
    }
}
