package io.setuprunner.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.AppFixture;
import io.setuprunner.support.CliRun;
import io.setuprunner.support.MariaDbExtension;
import io.setuprunner.support.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.StandardChangeLogHistoryService;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liquibase finds a changeset's record through Setup Runner's index of the history instead of its own scan
 * of every record; for every question, the index gives the scan's answer.
 */
@ExtendWith(MariaDbExtension.class)
class ChangesetLookupIT {
  @TempDir Path dir;

  @Test
  void theIndexFindsWhatLiquibasesScanFinds(TestDatabase db) throws Exception {
    AppFixture app = AppFixture.sample(dir);
    assertEquals(0, CliRun.against(db, "upgrade", "--root", app.root().toString()).exitCode());
    try (Connection connection = db.connect()) {
      Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
      database.setDatabaseChangeLogTableName(LiquibaseChangelogExecutor.HISTORY_TABLE);
      ChangeLogHistoryService scan = new StandardChangeLogHistoryService();
      scan.setDatabase(database);
      IndexedChangeLogHistoryService index = new IndexedChangeLogHistoryService();
      index.setDatabase(database);

      List<ChangeSet> questions = new ArrayList<>();
      for (RanChangeSet r : scan.getRanChangeSets()) {
        questions.add(changeSet(r.getId(), r.getAuthor(), r.getChangeLog()));
        questions.add(changeSet(r.getId().toUpperCase(Locale.ROOT), r.getAuthor().toUpperCase(Locale.ROOT),
            r.getChangeLog().toLowerCase(Locale.ROOT)));
        questions.add(changeSet(r.getId(), r.getAuthor(), "/" + r.getChangeLog()));
        questions.add(changeSet(r.getId() + "-other", r.getAuthor(), r.getChangeLog()));
      }
      assertTrue(questions.size() > 100, "the sample shop's 48 changesets, asked four ways");
      for (ChangeSet question : questions) {
        assertEquals(answer(scan, question), answer(index, question), question.toString());
      }

      // A record Liquibase appends while it runs is found at once (in memory, as Liquibase keeps it).
      ChangeSet added = changeSet("added-later", "test", "Acme_Shop/9.9.9.xml");
      index.setExecType(added, ChangeSet.ExecType.EXECUTED);
      assertEquals(added.toString(), String.valueOf(index.getRanChangeSet(added)));
    }
  }

  private static ChangeSet changeSet(String id, String author, String path) {
    return new ChangeSet(id, author, false, false, path, null, null, null);
  }

  private static String answer(ChangeLogHistoryService service, ChangeSet question) throws Exception {
    RanChangeSet found = service.getRanChangeSet(question);
    return found == null ? "not found" : found.toString() + " run " + found.getOrderExecuted();
  }
}
