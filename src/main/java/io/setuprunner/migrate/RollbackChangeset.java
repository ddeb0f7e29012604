package io.setuprunner.migrate;

import io.setuprunner.module.Version;
import java.util.List;
import java.util.Optional;

/**
 * A recorded changeset a rollback would undo, with the SQL that undoes it.
 *
 * @param changeset {@code Vendor_Module/1.1.0.xml::id::author}
 * @param version the module version whose changelog holds it
 * @param ranOrder its place in the history's order of execution (Liquibase's ORDEREXECUTED)
 * @param problem why it cannot be rolled back (no {@code <rollback>} for raw SQL, gone from the code); empty
 *     when it can
 * @param sql the rollback statements, each with its delimiter, in the order they would run
 * @param notShown what SQL generation cannot show before the rollback runs, one line each
 */
public record RollbackChangeset(String changeset, Version version, int ranOrder, Optional<String> problem,
    List<String> sql, List<String> notShown) {
  public RollbackChangeset {
    sql = List.copyOf(sql);
    notShown = List.copyOf(notShown);
  }
}
