package dev.align.entry.repository;

import dev.align.entry.Entry;
import org.springframework.data.repository.ListCrudRepository;

import java.util.Optional;

public interface EntryRepository extends ListCrudRepository<Entry, Long> {

    Optional<Entry> findByIdAndOrganisationId(long id, long organisationId);
}
