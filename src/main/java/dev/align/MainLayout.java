package dev.align;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.page.ColorScheme;
import dev.align.notification.Notifications;
import dev.align.organisation.ColourScheme;
import dev.align.organisation.OrganisationService;
import dev.align.security.AlignUser;
import dev.align.security.CurrentUser;
import dev.align.security.OrganisationMembership;
import dev.align.security.Role;
import jakarta.annotation.security.PermitAll;

/** The shell: navigation by role, the organisation switcher, notifications for Owners and Admins, sign-out. */
@Layout
@PermitAll
public final class MainLayout extends AppLayout implements AfterNavigationObserver {

    private NotificationBell bell;
    private Registration bellPolling;

    MainLayout(AuthenticationContext authentication, Notifications notifications, OrganisationService organisations) {
        AlignUser user = CurrentUser.require();
        var title = new H1("Align");
        title.addClassName("app-title");
        addToDrawer(navigation(user));

        var header = new HorizontalLayout(new DrawerToggle(), title);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        header.addClassName("app-header");
        if (user.memberships().size() > 1) {
            header.add(organisationSwitcher(user));
        } else {
            user.currentMembership().ifPresent(m -> header.add(new Span(m.organisationName())));
        }
        var who = new Span(user.displayName() + user.currentRole().map(r -> " · " + r.label()).orElse(
                user.supportStaff() ? " · Support" : ""));
        who.addClassName("current-user");
        var signOut = new Button("Sign out", e -> authentication.logout());
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        if (user.administers()) {
            bell = new NotificationBell(notifications);
            header.add(bell);
        }
        header.add(who, colourSchemeToggle(organisations), signOut);
        header.expand(title);
        addToNavbar(header);
    }

    /** Pages that poll (Settings → Add-ons) keep the bell's count current too. */
    @Override
    protected void onAttach(AttachEvent event) {
        if (bell != null) {
            bellPolling = event.getUI().addPollListener(poll -> bell.refresh());
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (bellPolling != null) {
            bellPolling.remove();
            bellPolling = null;
        }
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        if (bell != null) {
            bell.refresh();
        }
    }

    /**
     * Light or dark, remembered per person: applied when the shell opens, switched by a toggle button
     * (aria-pressed says which is on).
     */
    private static Button colourSchemeToggle(OrganisationService organisations) {
        var toggle = new Button(VaadinIcon.MOON_O.create());
        toggle.setId("colour-scheme");
        toggle.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON);
        toggle.setAriaLabel("Dark theme");
        toggle.setTooltipText("Dark theme");
        show(toggle, organisations.colourScheme());
        toggle.addClickListener(click -> {
            var scheme = "true".equals(toggle.getElement().getAttribute("aria-pressed"))
                    ? ColourScheme.LIGHT : ColourScheme.DARK;
            organisations.saveColourScheme(scheme);
            show(toggle, scheme);
        });
        return toggle;
    }

    private static void show(Button toggle, ColourScheme scheme) {
        boolean dark = scheme == ColourScheme.DARK;
        toggle.getElement().setAttribute("aria-pressed", String.valueOf(dark));
        UI.getCurrent().getPage().setColorScheme(dark ? ColorScheme.Value.DARK : ColorScheme.Value.LIGHT);
    }

    /**
     * The menu by role. Groups are side navs of their own with a label (Settings, Read-only access), not
     * items with children: a nested item's expand button points its aria-controls at an element that its
     * web component does not have (axe: aria-valid-attr-value), a labelled side nav does not.
     */
    private static Div navigation(AlignUser user) {
        var menu = new Div();
        menu.addClassName("app-menu");
        if (user.currentMembership().isPresent()) {
            var work = new SideNav();
            work.addItem(new SideNavItem("Entries", "entries"),
                    new SideNavItem("Projects", "projects"),
                    new SideNavItem("Releases", "releases"));
            menu.add(work);
            Role role = user.currentRole().orElseThrow();
            if (role == Role.OWNER || role == Role.ADMIN) {
                work.addItem(new SideNavItem("People", "people"));
                menu.add(group("Settings", new SideNavItem("Add-ons", "settings/add-ons"),
                        new SideNavItem("Sync history", "settings/add-ons/history"),
                        new SideNavItem("Conflicts", "settings/add-ons/conflicts"),
                        new SideNavItem("Duplicates", "settings/add-ons/duplicates"),
                        new SideNavItem("Release report", "settings/add-ons/report"),
                        new SideNavItem("Audit trail", "settings/audit"),
                        new SideNavItem("Support access", "settings/support-access")));
            }
        }
        if (user.supportStaff()) {
            var support = new SideNav();
            support.addItem(new SideNavItem("Organisations", "support/organisations"));
            menu.add(support);
            if (user.currentMembership().isEmpty() && user.supportOrganisationId().isPresent()) {
                // Readable only while the grant lives: the screens themselves check it at every call.
                menu.add(group("Read-only access", new SideNavItem("Add-ons card", "settings/add-ons"),
                        new SideNavItem("Sync history", "settings/add-ons/history"),
                        new SideNavItem("Conflicts", "settings/add-ons/conflicts"),
                        new SideNavItem("Duplicates", "settings/add-ons/duplicates"),
                        new SideNavItem("Release report", "settings/add-ons/report"),
                        new SideNavItem("Audit trail", "settings/audit")));
            }
        }
        return menu;
    }

    private static SideNav group(String label, SideNavItem... items) {
        var group = new SideNav(label);
        group.setCollapsible(true);
        group.addItem(items);
        return group;
    }

    private static Select<OrganisationMembership> organisationSwitcher(AlignUser user) {
        var select = new Select<OrganisationMembership>();
        select.setAriaLabel("Organisation");
        select.setId("organisation-switcher");
        select.setItems(user.memberships());
        select.setItemLabelGenerator(m -> m.organisationName() + " (" + m.role().label() + ")");
        user.currentMembership().ifPresent(select::setValue);
        select.addValueChangeListener(event -> {
            boolean otherOrganisation = event.getValue() != null
                    && event.getValue().organisationId() != CurrentUser.organisationId();
            if (otherOrganisation) {
                CurrentUser.switchOrganisation(event.getValue().organisationId());
                UI.getCurrent().getPage().setLocation("entries");
            }
        });
        return select;
    }
}
