package dev.align.outbox;

import dev.align.security.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.TreeSet;

/**
 * The transactional outbox of Align's work changes (docs/decisions/0002-outbox.md). A change is
 * written in the transaction that makes it, or not at all; readers (the sync, workflow triggers)
 * follow the ascending id per organisation.
 */
@Service
public class Outbox {

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Must join the caller's transaction: a change recorded outside one could outlive a rollback. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(WorkChange change) {
        if (change.origin() == ChangeOrigin.PERSON && change.organisationId() != CurrentUser.organisationId()) {
            throw new AccessDeniedException("A person's change can only be recorded for their current organisation");
        }
        jdbc.sql("""
                        INSERT INTO work_change (organisation_id, change_type, record_id, changed_fields,
                                                 status_changed, origin, actor_user_id)
                        VALUES (:organisation, :type, :record, :fields, :statusChanged, :origin, :actor)""")
                .param("organisation", change.organisationId())
                .param("type", change.type().name())
                .param("record", change.recordId())
                .param("fields", String.join(",", new TreeSet<>(change.changedFields())))
                .param("statusChanged", change.statusChanged())
                .param("origin", change.origin().name())
                .param("actor", change.actorUserId())
                .update();
    }
}
