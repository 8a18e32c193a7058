package dev.align.project.repository;

import dev.align.project.Project;
import org.springframework.data.repository.ListCrudRepository;

import java.util.List;
import java.util.Optional;

public interface ProjectRepository extends ListCrudRepository<Project, Long> {

    Optional<Project> findByIdAndOrganisationId(long id, long organisationId);

    List<Project> findByOrganisationIdOrderByName(long organisationId);

    boolean existsByOrganisationIdAndName(long organisationId, String name);

    boolean existsByOrganisationIdAndNameAndIdNot(long organisationId, String name, long id);
}
