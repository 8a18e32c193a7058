package dev.align;

import dev.align.support.AlignIntegration;
import dev.align.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The changelog ran on MariaDB itself: tables, character set and demo data are what the app expects. */
@AlignIntegration
class LiquibaseMigrationTest {

    @Autowired JdbcClient jdbc;
    @Autowired TestData data;

    @Test
    void every_changeset_ran_and_the_tables_store_full_unicode() {
        List<String> ids = jdbc.sql("SELECT id FROM DATABASECHANGELOG ORDER BY orderexecuted").query(String.class).list();
        assertThat(ids).containsExactlyInAnyOrder("organisation-1", "work-1", "platform-1", "illumera-1", "illumera-2", "illumera-3", "sync-1", "audit-1",
                "audit-2", "support-1", "sync-2", "work-2", "sync-3", "sync-4", "sync-5", "sync-6", "platform-2", "organisation-2", "demo-data-1", "sandbox-1", "sandbox-2", "sandbox-3", "triggers-1", "webhooks-1", "notification-1");

        List<String> collations = jdbc.sql("""
                        SELECT DISTINCT table_collation FROM information_schema.tables
                        WHERE table_schema = DATABASE() AND table_name IN
                              ('organisation', 'app_user', 'membership', 'project', 'work_release', 'entry',
                               'work_change', 'shedlock')""")
                .query(String.class).list();
        assertThat(collations).containsExactly("utf8mb4_unicode_520_ci");
        assertThat(jdbc.sql("SELECT VERSION()").query(String.class).single()).containsIgnoringCase("mariadb");
    }

    @Test
    void the_demo_organisations_exist_with_their_people_and_work() {
        assertThat(data.count("SELECT COUNT(*) FROM entry e JOIN organisation o ON o.id = e.organisation_id"
                + " WHERE o.name = 'Acme'")).isGreaterThanOrEqualTo(300);
        assertThat(data.count("SELECT COUNT(*) FROM project p JOIN organisation o ON o.id = p.organisation_id"
                + " WHERE o.name = 'Acme'")).isGreaterThanOrEqualTo(3);
        assertThat(data.count("SELECT COUNT(*) FROM work_release r JOIN organisation o ON o.id = r.organisation_id"
                + " WHERE o.name = 'Acme'")).isGreaterThanOrEqualTo(6);
        assertThat(data.count("SELECT COUNT(*) FROM entry WHERE version < 1")).isZero();
        assertThat(jdbc.sql("SELECT email FROM app_user WHERE email LIKE '%.example' AND email NOT LIKE '%@test.example'"
                + " ORDER BY email").query(String.class).list())
                .containsExactly("admin@acme.example", "member@acme.example", "member@globex.example",
                        "owner@acme.example", "owner@globex.example", "support@align.example");
        assertThat(jdbc.sql("SELECT plan FROM organisation WHERE name = 'Globex'").query(String.class).single())
                .isEqualTo("STARTER");
    }
}
