package io.setuprunner.migrate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which raw SQL statements stay inside a transaction on MySQL and MariaDB, and so may share their record's. */
class TransactionalChangesetsTest {
  @Test
  void statementsThatOnlyChangeRowsAreData() {
    for (String sql : new String[] {"INSERT INTO t VALUES (1)", "update t set a = 1", "DELETE FROM t",
        "REPLACE INTO t VALUES (1)", "SELECT 1", "WITH x AS (SELECT 1) SELECT * FROM x", "DO SLEEP(1)",
        "  -- a comment\n INSERT INTO t VALUES (1)", "/* why */ UPDATE t SET a = 2", "# note\nDELETE FROM t",
        "INSERT\nINTO t VALUES (1)"}) {
      assertTrue(TransactionalChangesets.dataStatement(sql), sql);
    }
  }

  @Test
  void anythingElseCountsAsCommittedByTheServerOnItsOwn() {
    for (String sql : new String[] {"CREATE TABLE t (a INT)", "ALTER TABLE t ADD b INT", "DROP TABLE t",
        "TRUNCATE t", "RENAME TABLE a TO b", "CALL p()", "SET autocommit = 1", "LOCK TABLES t WRITE",
        "-- INSERT INTO t\nCREATE TABLE t (a INT)", "BEGIN NOT ATOMIC SELECT 1; END", "insertion", ""}) {
      assertFalse(TransactionalChangesets.dataStatement(sql), sql);
    }
  }
}
