package dev.align.entry;

import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.organisation.Plan;
import dev.align.outbox.Outbox;
import dev.align.outbox.WorkChange;
import dev.align.project.Project;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.release.Release;
import dev.align.release.ReleaseDraft;
import dev.align.release.ReleaseService;
import dev.align.security.AlignUser;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@AlignIntegration
class EntryServiceTest {

    @Autowired TestData data;
    @Autowired EntryService entries;
    @Autowired ProjectService projects;
    @Autowired ReleaseService releases;
    @Autowired Outbox outbox;
    @Autowired JdbcClient jdbc;
    @Autowired org.springframework.transaction.PlatformTransactionManager transactions;

    Tenant acme;
    AlignUser member;
    Project project;
    Release release;

    @BeforeEach
    void setUp() {
        acme = data.tenant(Plan.BUSINESS);
        data.login(acme.admin());
        project = projects.create(new ProjectDraft("Website", null));
        release = releases.create(new ReleaseDraft(project.getId(), "1.0", LocalDate.now().plusDays(10)));
        member = data.login(acme.member());
    }

    @AfterEach
    void tearDown() {
        data.logout();
    }

    private EntryDraft draft(String title) {
        return new EntryDraft(project.getId(), release.getId(), title, EntryStatus.TODO, member.userId(),
                LocalDate.now().plusDays(3), 30);
    }

    private Map<String, Object> lastChange() {
        return jdbc.sql("SELECT * FROM work_change WHERE organisation_id = ? ORDER BY id DESC LIMIT 1")
                .param(acme.id()).query().singleRow();
    }

    private long changes() {
        return data.count("SELECT COUNT(*) FROM work_change WHERE organisation_id = ?", acme.id());
    }

    @Test
    void creating_an_entry_stores_it_and_writes_an_entry_created_event_by_a_person() {
        Entry created = entries.create(draft("Write the launch post"));

        Entry stored = entries.get(created.getId());
        assertThat(stored.getTitle()).isEqualTo("Write the launch post");
        assertThat(stored.getAssigneeId()).isEqualTo(member.userId());
        assertThat(stored.getLastChangedBy()).isEqualTo(member.userId());
        var change = lastChange();
        assertThat(change).containsEntry("change_type", "ENTRY_CREATED").containsEntry("origin", "PERSON")
                .containsEntry("record_id", created.getId()).containsEntry("actor_user_id", member.userId());
    }

    @Test
    void changing_the_status_writes_the_changed_fields_and_flags_the_status_change() {
        Entry created = entries.create(draft("Fix login"));
        var changed = new EntryDraft(project.getId(), release.getId(), "Fix login page", EntryStatus.IN_PROGRESS,
                member.userId(), created.getDueDate(), 30);

        entries.update(created.getId(), created.getVersion(), changed);

        var change = lastChange();
        assertThat(change).containsEntry("change_type", "ENTRY_CHANGED")
                .containsEntry("changed_fields", "status,title").containsEntry("status_changed", true);
    }

    @Test
    void saving_without_changes_writes_no_event() {
        Entry created = entries.create(draft("Unchanged"));
        long before = changes();

        entries.update(created.getId(), created.getVersion(), draft("Unchanged"));

        assertThat(changes()).isEqualTo(before);
    }

    @Test
    void deleting_writes_an_entry_deleted_event() {
        Entry created = entries.create(draft("Obsolete"));

        entries.delete(created.getId(), created.getVersion());

        assertThatThrownBy(() -> entries.get(created.getId())).isInstanceOf(NotFoundException.class);
        assertThat(lastChange()).containsEntry("change_type", "ENTRY_DELETED").containsEntry("record_id", created.getId());
    }

    @Test
    void a_stale_version_is_refused_and_keeps_the_other_persons_change() {
        Entry created = entries.create(draft("Shared"));
        entries.update(created.getId(), created.getVersion(), draft("Changed by someone else"));

        assertThatThrownBy(() -> entries.update(created.getId(), created.getVersion(), draft("Mine")))
                .isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(entries.get(created.getId()).getTitle()).isEqualTo("Changed by someone else");
    }

    @Test
    void bad_input_is_refused_field_by_field_and_nothing_is_written() {
        long before = changes();
        var bad = new EntryDraft(null, null, "   ", null, null, LocalDate.now().minusDays(1), -5);

        assertThatThrownBy(() -> entries.create(bad))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("title", "status", "projectId", "dueDate", "trackedMinutes")
                        .containsEntry("title", "This field is required.")
                        .containsEntry("dueDate", "The due date cannot be in the past."));
        assertThat(changes()).isEqualTo(before);
    }

    @Test
    void titles_count_characters_not_utf16_units_and_keep_odd_unicode_intact() {
        String emoji = "🚀".repeat(200);
        assertThat(entries.create(draft(emoji)).getTitle()).isEqualTo(emoji);
        String mixed = "Ünïcødé ✓ 日本語 👩‍💻 done";
        Entry stored = entries.get(entries.create(draft(mixed)).getId());
        assertThat(stored.getTitle()).isEqualTo(mixed);

        assertThatThrownBy(() -> entries.create(draft("🚀".repeat(201))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors().get("title"))
                        .isEqualTo("At most 200 characters allowed (this has 201)."));
        assertThatThrownBy(() -> entries.create(draft("evil\u202Egnp.exe")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors().get("title"))
                        .contains("U+202E"));
        assertThatThrownBy(() -> entries.create(draft("line\nbreak")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void an_unchanged_past_due_date_of_an_existing_entry_is_kept() {
        Entry created = entries.create(draft("Overdue"));
        jdbc.sql("UPDATE entry SET due_date = ? WHERE id = ?").params(LocalDate.now().minusDays(5), created.getId())
                .update();
        Entry overdue = entries.get(created.getId());

        var retitled = new EntryDraft(project.getId(), release.getId(), "Overdue, renamed", EntryStatus.TODO,
                member.userId(), overdue.getDueDate(), 30);
        assertThat(entries.update(overdue.getId(), overdue.getVersion(), retitled).getDueDate())
                .isEqualTo(LocalDate.now().minusDays(5));
    }

    @Test
    void rows_written_by_sql_like_the_demo_data_can_be_edited() {
        jdbc.sql("INSERT INTO entry (organisation_id, project_id, title, status) VALUES (?, ?, 'Seeded', 'TODO')")
                .params(acme.id(), project.getId()).update();
        Entry seeded = entries.list(new EntryFilter("Seeded", null, null, null), 0, 1).getFirst();

        Entry edited = entries.update(seeded.getId(), seeded.getVersion(), draft("Seeded, then edited"));

        assertThat(edited.getId()).isEqualTo(seeded.getId());
        assertThat(entries.get(seeded.getId()).getTitle()).isEqualTo("Seeded, then edited");
        assertThat(entries.list(new EntryFilter("Seeded", null, null, null), 0, 10)).hasSize(1);
    }

    @Test
    void an_empty_tracked_time_keeps_what_an_existing_entry_had() {
        Entry created = entries.create(draft("Timed"));
        var withoutMinutes = new EntryDraft(project.getId(), release.getId(), "Timed", EntryStatus.TODO,
                member.userId(), created.getDueDate(), null);

        assertThat(entries.update(created.getId(), created.getVersion(), withoutMinutes).getTrackedMinutes())
                .isEqualTo(30);
    }

    @Test
    void a_release_of_another_project_is_refused() {
        data.login(acme.admin());
        Project other = projects.create(new ProjectDraft("Other", null));
        data.login(acme.member());
        var mismatched = new EntryDraft(other.getId(), release.getId(), "Mismatch", EntryStatus.TODO, null, null, 0);

        assertThatThrownBy(() -> entries.create(mismatched))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("releaseId", "This release belongs to another project."));
    }

    @Test
    void another_organisations_records_and_people_are_out_of_reach() {
        Entry ours = entries.create(draft("Ours"));
        Tenant globex = data.tenant(Plan.STARTER);
        AlignUser stranger = data.login(globex.owner());

        assertThatThrownBy(() -> entries.get(ours.getId())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> entries.update(ours.getId(), ours.getVersion(), draft("Hijacked")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> entries.delete(ours.getId(), ours.getVersion()))
                .isInstanceOf(NotFoundException.class);
        assertThat(entries.list(EntryFilter.none(), 0, 1000)).noneMatch(e -> e.getOrganisationId() == acme.id());
        assertThatThrownBy(() -> entries.create(draft("Into their project")))
                .isInstanceOf(NotFoundException.class);

        data.login(acme.member());
        var foreignAssignee = new EntryDraft(project.getId(), null, "Assign a stranger", EntryStatus.TODO,
                stranger.userId(), null, 0);
        assertThatThrownBy(() -> entries.create(foreignAssignee))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsKey("assigneeId"));
        assertThat(entries.get(ours.getId()).getTitle()).isEqualTo("Ours");
    }

    @Test
    void the_list_filters_by_title_status_project_and_assignee() {
        entries.create(draft("Alpha 100% done_ish"));
        entries.create(new EntryDraft(project.getId(), null, "Beta", EntryStatus.DONE, null, null, 0));

        assertThat(entries.list(new EntryFilter("100%", null, null, null), 0, 50))
                .extracting(Entry::getTitle).containsExactly("Alpha 100% done_ish");
        assertThat(entries.list(new EntryFilter("_", null, null, null), 0, 50))
                .extracting(Entry::getTitle).containsExactly("Alpha 100% done_ish");
        assertThat(entries.list(new EntryFilter(null, EntryStatus.DONE, project.getId(), null), 0, 50))
                .extracting(Entry::getTitle).containsExactly("Beta");
        assertThat(entries.list(new EntryFilter(null, null, null, member.userId()), 0, 50))
                .extracting(Entry::getTitle).containsExactly("Alpha 100% done_ish");
    }

    @Test
    void the_outbox_refuses_a_persons_change_for_another_organisation() {
        Tenant other = data.tenant(Plan.BUSINESS);
        var foreign = new WorkChange(other.id(), dev.align.outbox.ChangeType.ENTRY_CREATED, 1L, Set.of(), false,
                dev.align.outbox.ChangeOrigin.PERSON, member.userId());

        assertThatThrownBy(() -> new org.springframework.transaction.support.TransactionTemplate(transactions)
                .executeWithoutResult(tx -> outbox.record(foreign)))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);
        assertThat(data.count("SELECT COUNT(*) FROM work_change WHERE organisation_id = ?", other.id())).isZero();
    }

    @Test
    void the_outbox_refuses_writes_outside_a_transaction() {
        var change = new WorkChange(acme.id(), dev.align.outbox.ChangeType.ENTRY_CREATED, 1L, Set.of(), false,
                dev.align.outbox.ChangeOrigin.PERSON, null);

        assertThatThrownBy(() -> outbox.record(change)).isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void every_change_is_in_the_entrys_history_by_name_and_an_earlier_value_can_be_restored_as_a_persons_change() {
        Entry entry = entries.create(new EntryDraft(project.getId(), null, "Draft the plan", EntryStatus.TODO, null,
                null, 0));
        Entry renamed = entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project.getId(),
                release.getId(), "Draft the big plan", EntryStatus.IN_PROGRESS, null, null, 30));

        List<EntryChange> history = entries.changes(entry.getId(), null, 50);
        assertThat(history).extracting(EntryChange::label, EntryChange::before, EntryChange::after).hasSize(8)
                .contains(org.assertj.core.groups.Tuple.tuple("Title", "Draft the plan", "Draft the big plan"),org.assertj.core.groups.Tuple.tuple("Status", "To do", "In progress"),
                        org.assertj.core.groups.Tuple.tuple("Release", "—", "1.0"),
                        org.assertj.core.groups.Tuple.tuple("Title", "—", "Draft the plan"));
        assertThat(history).allSatisfy(change -> assertThat(change.actorName()).startsWith("member-"));
        EntryChange firstTitle = history.stream().filter(c -> c.field().equals("title") && c.before().equals("—"))
                .findFirst().orElseThrow();

        Entry restored = entries.restore(entry.getId(), firstTitle.id());

        assertThat(restored.getTitle()).isEqualTo("Draft the plan");
        assertThat(restored.getVersion()).isGreaterThan(renamed.getVersion());
        assertThat(entries.changes(entry.getId(), null, 1)).singleElement().satisfies(newest -> {
            assertThat(newest.before()).isEqualTo("Draft the big plan");
            assertThat(newest.after()).isEqualTo("Draft the plan");
            assertThat(newest.origin()).isEqualTo(dev.align.outbox.ChangeOrigin.PERSON);
        });
        assertThat(data.count("SELECT COUNT(*) FROM work_change WHERE record_id = ? AND origin = 'PERSON'",
                entry.getId())).as("in the outbox, so the sync carries it on").isEqualTo(3);

        Tenant other = data.tenant(Plan.BUSINESS);
        data.login(other.member());
        assertThatThrownBy(() -> entries.restore(entry.getId(), firstTitle.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> entries.changes(entry.getId(), null, 10)).isInstanceOf(NotFoundException.class);
    }
}
