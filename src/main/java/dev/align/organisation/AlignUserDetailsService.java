package dev.align.organisation;

import dev.align.organisation.repository.PeopleRepository;
import dev.align.security.AccountAccess;
import dev.align.security.AlignUser;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.Optional;

/** Signs people in from the user table; their memberships become the organisations they can switch to. */
@Service
class AlignUserDetailsService implements UserDetailsService, AccountAccess {

    private final PeopleRepository people;

    AlignUserDetailsService(PeopleRepository people) {
        this.people = people;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String email) {
        return people.userByEmail(email == null ? "" : email.strip())
                .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<AlignUser> current(long userId) {
        return people.userById(userId).filter(AlignUser::isEnabled);
    }
}
