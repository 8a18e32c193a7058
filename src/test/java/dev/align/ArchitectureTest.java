package dev.align;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.vaadin.flow.router.Route;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.align");

    @Test
    void views_are_package_private() {
        classes().that().areAnnotatedWith(Route.class)
                .should().notHaveModifier(JavaModifier.PUBLIC)
                .check(classes);
    }

    @Test
    void views_never_touch_repositories() {
        noClasses().that().resideInAPackage("..ui..")
                .should().dependOnClassesThat().resideInAPackage("..repository..")
                .check(classes);
    }

    @Test
    void nothing_in_align_uses_the_illumera_sandbox_it_is_reached_over_http_only() {
        noClasses().that().resideOutsideOfPackage("dev.align.sandbox..")
                .should().dependOnClassesThat().resideInAPackage("dev.align.sandbox..")
                .check(classes);
    }

    @Test
    void scheduling_is_switched_on_in_one_place_only_so_align_scheduling_false_stops_every_job() {
        classes().that().areAnnotatedWith(org.springframework.scheduling.annotation.EnableScheduling.class)
                .should().haveFullyQualifiedName("dev.align.base.db.SchedulingConfig")
                .check(classes);
    }

    @Test
    void the_sandbox_does_not_borrow_the_add_ons_code() {
        noClasses().that().resideInAPackage("dev.align.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.align.illumera..", "dev.align.entry..",
                        "dev.align.project..", "dev.align.release..", "dev.align.organisation..")
                .check(classes);
    }

    @Test
    void the_sync_core_and_the_mapping_model_are_plain_java() {
        classes().that().resideInAnyPackage("dev.align.illumera.sync.core..", "dev.align.illumera.mapping..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.align.illumera.sync.core..",
                        "dev.align.illumera.mapping..", "dev.align.entry")
                .check(classes);
    }

    @Test
    void public_services_live_at_a_feature_root() {
        classes().that().areAnnotatedWith(Service.class).and().arePublic()
                .should().resideOutsideOfPackages("..ui..", "..repository..")
                .check(classes);
    }
}
