package dev.align.support;

import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockRouteAccessDeniedError;
import com.github.mvysny.kaributesting.v10.MockRouteNotFoundError;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinServletRequest;
import com.vaadin.flow.server.VaadinSession;
import dev.align.security.AlignUser;
import kotlin.jvm.functions.Function0;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Browserless view tests (karibu-testing) on the shared Spring context and the real database.
 * karibu 2.6.2 has no MockSpringSecurity, so {@link #signIn} carries the Spring Security user over
 * to the fake request, where Vaadin's route access control looks.
 */
@AlignIntegration
public abstract class KaribuTestBase {

    private static final Routes ROUTES = routes();

    @Autowired protected ApplicationContext context;
    @Autowired protected TestData data;

    @BeforeEach
    protected void setUpVaadin() {
        Function0<UI> uiFactory = UI::new;
        MockVaadin.setup(uiFactory, new MockSpringServlet(ROUTES, context, uiFactory));
        // As in a real request: code that saves the security context to the HTTP session finds the request.
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(
                VaadinServletRequest.getCurrent().getHttpServletRequest(),
                com.vaadin.flow.server.VaadinServletResponse.getCurrent().getHttpServletResponse()));
    }

    @AfterEach
    void tearDownVaadin() {
        RequestContextHolder.resetRequestAttributes();
        MockVaadin.tearDown();
        data.logout();
    }

    /** karibu's own discovery skips package-private classes, and our views are package-private. */
    @SuppressWarnings("unchecked")
    private static Routes routes() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Route.class));
        scanner.addIncludeFilter(new AnnotationTypeFilter(Layout.class));
        Set<Class<? extends Component>> views = scanner.findCandidateComponents("dev.align").stream()
                .map(bean -> (Class<? extends Component>) ClassUtils.resolveClassName(bean.getBeanClassName(), null))
                .collect(Collectors.toSet());
        return new Routes(views, Set.of(MockRouteNotFoundError.class, MockRouteAccessDeniedError.class), false);
    }

    protected AlignUser signIn(String email) {
        var session = VaadinSession.getCurrent().getSession();
        session.removeAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        AlignUser user = data.login(email);
        var context = SecurityContextHolder.getContext();
        var request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(context.getAuthentication());
        request.setUserInRole((principal, role) -> user.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + role)));
        // As after a real sign-in: the context also lives in the HTTP session, where Vaadin's security context
        // strategy looks first during a UI request (the sync agent's own context must win over it).
        session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY, context);
        return user;
    }

    protected void signOut() {
        data.logout();
        var request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(null);
        request.setUserInRole((principal, role) -> false);
        VaadinSession.getCurrent().getSession().removeAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
    }

    protected static void navigate(String route) {
        UI.getCurrent().navigate(route);
    }

    protected static Component currentView() {
        return UI.getCurrent().getCurrentView();
    }

    /**
     * The view classes now shown; empty when a navigation was refused before any view was made
     * (anonymous visitors are sent to the login page by URL, which the fake browser does not follow).
     */
    protected static java.util.List<String> shownViews() {
        return UI.getCurrent().getInternals().getActiveRouterTargetsChain().stream()
                .map(target -> target.getClass().getSimpleName()).toList();
    }
}
