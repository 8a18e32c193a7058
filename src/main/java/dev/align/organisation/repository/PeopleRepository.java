package dev.align.organisation.repository;

import dev.align.organisation.Member;
import dev.align.organisation.OrganisationInfo;
import dev.align.organisation.Person;
import dev.align.organisation.Plan;
import dev.align.security.AlignUser;
import dev.align.security.OrganisationMembership;
import dev.align.security.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.List;
import java.util.Optional;

/** Organisations, users and memberships. Every organisation-level query takes the organisation id. */
@Repository
public class PeopleRepository {

    private final JdbcClient jdbc;

    PeopleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<OrganisationInfo> organisation(long organisationId) {
        return jdbc.sql("SELECT id, name, plan FROM organisation WHERE id = ?")
                .param(organisationId)
                .query((rs, n) -> new OrganisationInfo(rs.getLong("id"), rs.getString("name"),
                        Plan.valueOf(rs.getString("plan"))))
                .optional();
    }

    public List<OrganisationInfo> organisations(int offset, int limit) {
        return jdbc.sql("SELECT id, name, plan FROM organisation ORDER BY name, id LIMIT ? OFFSET ?")
                .params(limit, offset)
                .query((rs, n) -> new OrganisationInfo(rs.getLong("id"), rs.getString("name"),
                        Plan.valueOf(rs.getString("plan"))))
                .list();
    }

    public List<Member> members(long organisationId, int offset, int limit) {
        return jdbc.sql("""
                        SELECT u.id, u.display_name, u.email, m.role
                        FROM membership m JOIN app_user u ON u.id = m.user_id
                        WHERE m.organisation_id = ?
                        ORDER BY FIELD(m.role, 'OWNER', 'ADMIN', 'MEMBER'), u.display_name, u.id
                        LIMIT ? OFFSET ?""")
                .params(organisationId, limit, offset)
                .query((rs, n) -> new Member(rs.getLong("id"), rs.getString("display_name"), rs.getString("email"),
                        Role.valueOf(rs.getString("role"))))
                .list();
    }

    public List<Person> people(long organisationId) {
        return jdbc.sql("""
                        SELECT u.id, u.display_name, u.email
                        FROM membership m JOIN app_user u ON u.id = m.user_id
                        WHERE m.organisation_id = ? ORDER BY u.display_name, u.id""")
                .param(organisationId)
                .query((rs, n) -> new Person(rs.getLong("id"), rs.getString("display_name"), rs.getString("email")))
                .list();
    }

    public Optional<Person> person(long organisationId, long userId) {
        return jdbc.sql("""
                        SELECT u.id, u.display_name, u.email
                        FROM membership m JOIN app_user u ON u.id = m.user_id
                        WHERE m.organisation_id = ? AND u.id = ?""")
                .params(organisationId, userId)
                .query((rs, n) -> new Person(rs.getLong("id"), rs.getString("display_name"), rs.getString("email")))
                .optional();
    }

    /** The user with their memberships, for signing in; e-mail compared case-insensitively by the collation. */
    public Optional<AlignUser> userByEmail(String email) {
        return jdbc.sql("""
                        SELECT id, email, display_name, password_hash, support_staff, enabled
                        FROM app_user WHERE email = ?""")
                .param(email)
                .query((rs, n) -> {
                    long id = rs.getLong("id");
                    return new AlignUser(id, rs.getString("email"), rs.getString("display_name"),
                            rs.getString("password_hash"), rs.getBoolean("support_staff"), rs.getBoolean("enabled"),
                            memberships(id));
                })
                .optional();
    }

    public dev.align.organisation.ColourScheme colourScheme(long userId) {
        return jdbc.sql("SELECT colour_scheme FROM app_user WHERE id = ?").param(userId).query(String.class)
                .optional().map(dev.align.organisation.ColourScheme::valueOf)
                .orElse(dev.align.organisation.ColourScheme.LIGHT);
    }

    public void saveColourScheme(long userId, dev.align.organisation.ColourScheme scheme) {
        jdbc.sql("UPDATE app_user SET colour_scheme = ? WHERE id = ?").params(scheme.name(), userId).update();
    }

    /** The person as stored now, without the password hash (sessions read it on every request). */
    public Optional<AlignUser> userById(long userId) {
        return jdbc.sql("SELECT id, email, display_name, support_staff, enabled FROM app_user WHERE id = ?")
                .param(userId)
                .query((rs, n) -> new AlignUser(userId, rs.getString("email"), rs.getString("display_name"), null,
                        rs.getBoolean("support_staff"), rs.getBoolean("enabled"), memberships(userId)))
                .optional();
    }

    private List<OrganisationMembership> memberships(long userId) {
        return jdbc.sql("""
                        SELECT o.id, o.name, m.role FROM membership m JOIN organisation o ON o.id = m.organisation_id
                        WHERE m.user_id = ? ORDER BY o.name, o.id""")
                .param(userId)
                .query((rs, n) -> new OrganisationMembership(rs.getLong("id"), rs.getString("name"),
                        Role.valueOf(rs.getString("role"))))
                .list();
    }
}
