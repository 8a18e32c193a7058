package dev.align.organisation;

import dev.align.organisation.repository.PeopleRepository;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signs people in from the user table; their memberships become the organisations they can switch to. */
@Service
class AlignUserDetailsService implements UserDetailsService {

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
}
