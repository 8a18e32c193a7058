package dev.align.support;

import dev.align.organisation.Plan;
import dev.align.security.AlignUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Fresh organisations and people for each test, written straight to the real database, so that no
 * test depends on another's data (or on the demo data).
 */
@Component
public class TestData {

    /** The hash of "secret" (bcrypt). */
    public static final String PASSWORD = "secret";
    private static final String HASH = "{bcrypt}$2a$10$YlmTLBIrcfcq/Vb.mFuFH.yFiEF/FkXHfI3aW8jsTOGP7lKow5ZE2";

    private final JdbcClient jdbc;
    private final UserDetailsService users;

    TestData(JdbcClient jdbc, UserDetailsService users) {
        this.jdbc = jdbc;
        this.users = users;
    }

    public Tenant tenant(Plan plan) {
        String key = UUID.randomUUID().toString().substring(0, 8);
        long organisation = insert("INSERT INTO organisation (name, plan) VALUES (?, ?)", "Org " + key, plan.name());
        String owner = person(organisation, "owner-" + key, "OWNER");
        String admin = person(organisation, "admin-" + key, "ADMIN");
        String member = person(organisation, "member-" + key, "MEMBER");
        return new Tenant(organisation, "Org " + key, owner, admin, member);
    }

    /** Adds an existing person to another organisation. */
    public void addMembership(long organisationId, String email, String role) {
        jdbc.sql("INSERT INTO membership (organisation_id, user_id, role) "
                        + "SELECT ?, id, ? FROM app_user WHERE email = ?")
                .params(organisationId, role, email).update();
    }

    public String supportUser() {
        String email = "support-" + UUID.randomUUID().toString().substring(0, 8) + "@test.example";
        insert("INSERT INTO app_user (email, display_name, password_hash, support_staff) VALUES (?, ?, ?, TRUE)",
                email, "Support " + email, HASH);
        return email;
    }

    /** Signs the person in for the current thread, as the login form would. */
    public AlignUser login(String email) {
        var user = (AlignUser) users.loadUserByUsername(email);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        SecurityContextHolder.setContext(context);
        return user;
    }

    public void logout() {
        SecurityContextHolder.clearContext();
    }

    public long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private String person(long organisation, String localPart, String role) {
        String email = localPart + "@test.example";
        long user = insert("INSERT INTO app_user (email, display_name, password_hash) VALUES (?, ?, ?)",
                email, localPart, HASH);
        jdbc.sql("INSERT INTO membership (organisation_id, user_id, role) VALUES (?, ?, ?)")
                .params(organisation, user, role).update();
        return email;
    }

    private long insert(String sql, Object... params) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql(sql).params(params).update(keys);
        return keys.getKey().longValue();
    }
}
