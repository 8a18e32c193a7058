package dev.align.sandbox;

import dev.align.sandbox.Records.Field;
import dev.align.sandbox.Records.ImportRule;
import dev.align.sandbox.Records.Member;
import dev.align.sandbox.Records.Sprint;
import dev.align.sandbox.Records.Status;
import dev.align.sandbox.Records.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * The demo workspace, its keys (valid, expired, another workspace's), members whose e-mails match
 * Align's demo users, statuses, one custom field of each type and a sprint. Made once; the keys are
 * printed at every start, where a new user looks first.
 */
@Component
@ConditionalOnProperty(name = "illumera.sandbox.enabled", havingValue = "true")
class SandboxSeeder implements ApplicationRunner {

    static final String DEMO_KEY = "ilm_test_AlignDemoValidKey000000000000001";
    static final String EXPIRED_KEY = "ilm_test_AlignDemoExpiredKey0000000000001";
    static final String OTHER_KEY = "ilm_test_AlignDemoOtherKey000000000000001";
    static final String DEMO_WORKSPACE = "ws_AlignDemo";
    static final String OTHER_WORKSPACE = "ws_OtherTeam";

    static final List<Status> DEFAULT_STATUSES = List.of(
            new Status("todo", "To do", "todo"), new Status("doing", "Doing", "in_progress"),
            new Status("review", "Review", "in_progress"), new Status("done", "Done", "done"));

    private static final Logger log = LoggerFactory.getLogger(SandboxSeeder.class);

    private final SandboxStore store;
    private final SandboxClock clock;
    private final String baseUrl;

    SandboxSeeder(SandboxStore store, SandboxClock clock, @Value("${illumera.base-url}") String baseUrl) {
        this.store = store;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (store.workspace(DEMO_WORKSPACE).isEmpty()) {
            seed();
        }
        log.info("""
                Illumera sandbox at {}/v1 — workspace ID {}
                  demo key (valid 90 days from first start): {}
                  expired key:                                {}
                  key for another workspace ({}):   {}""",
                baseUrl, DEMO_WORKSPACE, DEMO_KEY, EXPIRED_KEY, OTHER_WORKSPACE, OTHER_KEY);
    }

    private void seed() {
        var now = clock.next();
        store.insertWorkspace(new Workspace(DEMO_WORKSPACE, "Acme (Illumera)", false, null, now, now, 1));
        store.insertWorkspace(new Workspace(OTHER_WORKSPACE, "Other team", false, null, now, now, 1));
        for (String workspace : List.of(DEMO_WORKSPACE, OTHER_WORKSPACE)) {
            for (int i = 0; i < DEFAULT_STATUSES.size(); i++) {
                store.insertStatus(workspace, DEFAULT_STATUSES.get(i), i);
            }
        }
        store.insertStatus(DEMO_WORKSPACE, new Status("blocked", "Blocked", "in_progress"), 4);
        store.insertStatus(DEMO_WORKSPACE, new Status("wontdo", "Won't do", "done"), 5);
        List<Field> fields = List.of(
                new Field("cf_notes", "Notes", "text", List.of()),
                new Field("cf_minutes", "Tracked minutes", "number", List.of()),
                new Field("cf_review_date", "Review date", "date", List.of()),
                new Field("cf_reviewer", "Reviewer", "user", List.of()),
                new Field("cf_priority", "Priority", "option", List.of("low", "medium", "high")));
        for (int i = 0; i < fields.size(); i++) {
            store.insertField(DEMO_WORKSPACE, fields.get(i), i);
        }
        store.insertMember(new Member("mbr_AcmeOwner", "owner@acme.example", "Olivia Owner"), DEMO_WORKSPACE);
        store.insertMember(new Member("mbr_AcmeAdmin", "Admin@Acme.example", "Adam Admin"), DEMO_WORKSPACE);
        store.insertMember(new Member("mbr_AcmeMember", "member@acme.example", "Mia Member"), DEMO_WORKSPACE);
        store.insertMember(new Member("mbr_IllumeraOnly", "pat@illumera-user.example", "Pat (Illumera only)"),
                DEMO_WORKSPACE);
        store.insertMember(new Member("mbr_OtherTeam", "someone@other.example", "Someone Else"), OTHER_WORKSPACE);
        store.insertSprint(new Sprint("spr_AlignDemo1", DEMO_WORKSPACE, "Sprint 1", LocalDate.now(),
                LocalDate.now().plusDays(14), "active", null, now, now, 1));
        store.insertImportRule(DEMO_WORKSPACE, new ImportRule("imp_AlignCopy", "align", false));

        var created = clock.now();
        store.insertKey("key_AlignDemo", Ids.sha256(DEMO_KEY), "Demo key", created, created.plus(Duration.ofDays(90)));
        store.insertKey("key_AlignExpired", Ids.sha256(EXPIRED_KEY), "Expired demo key",
                created.minus(Duration.ofDays(91)), created.minus(Duration.ofDays(1)));
        store.insertKey("key_OtherTeam", Ids.sha256(OTHER_KEY), "Other team's key", created,
                created.plus(Duration.ofDays(90)));
        store.grant("key_AlignDemo", DEMO_WORKSPACE);
        store.grant("key_AlignExpired", DEMO_WORKSPACE);
        store.grant("key_OtherTeam", OTHER_WORKSPACE);
    }
}
