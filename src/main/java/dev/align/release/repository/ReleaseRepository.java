package dev.align.release.repository;

import dev.align.release.Release;
import org.springframework.data.repository.ListCrudRepository;

import java.util.List;
import java.util.Optional;

public interface ReleaseRepository extends ListCrudRepository<Release, Long> {

    Optional<Release> findByIdAndOrganisationId(long id, long organisationId);

    List<Release> findByOrganisationIdOrderByReleaseDateAscNameAsc(long organisationId);

    boolean existsByProjectIdAndName(long projectId, String name);

    boolean existsByProjectIdAndNameAndIdNot(long projectId, String name, long id);
}
