package dev.align;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.NotFoundException;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Unknown pages and pages the person may not open look the same (so that neither reveals the
 * other), inside the shell and with a way back instead of a dead end.
 */
@ParentLayout(MainLayout.class)
@PageTitle("Page not available · Align")
@PermitAll
class NotFoundView extends VerticalLayout implements HasErrorParameter<NotFoundException> {

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<NotFoundException> parameter) {
        removeAll();
        setId("not-found");
        add(new H2("Page not available"),
                new Paragraph("“/" + event.getLocation().getPath() + "” does not exist, or your role in this"
                        + " organisation does not give access to it. Owners and Admins can open Settings."),
                new Anchor("", "Go to the start page"));
        return HttpServletResponse.SC_NOT_FOUND;
    }
}
