package dev.align;

import com.vaadin.flow.component.dependency.StyleSheet;
import com.vaadin.flow.component.page.AppShellConfigurator;
import com.vaadin.flow.theme.lumo.Lumo;

/** Plain stylesheets only: annotations that need the npm frontend build fail on these machines (STACK.md). */
@StyleSheet(Lumo.STYLESHEET)
@StyleSheet(Lumo.UTILITY_STYLESHEET)
@StyleSheet("styles/align.css")
public class AppShell implements AppShellConfigurator {
}
