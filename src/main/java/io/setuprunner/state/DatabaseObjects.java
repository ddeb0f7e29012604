package io.setuprunner.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The application database as a whole, for backups: the server's version, the tables and views a dump holds,
 * and clearing away those a backup does not hold before it is loaded.
 */
public final class DatabaseObjects {
  /** The one table a backup leaves out: a restore must never move the fencing token back. */
  public static final String NOT_BACKED_UP = StateSchema.FENCE_TABLE;

  private final Jdbc jdbc;

  public DatabaseObjects(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** {@code 10.11.6-MariaDB-0+deb12u1} or {@code 8.4.3}, as {@code VERSION()} says. */
  public String serverVersion() {
    return jdbc.execute("read the server version", c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VERSION()")) {
        rs.next();
        return rs.getString(1);
      }
    });
  }

  /** The tables and views of the database, by name, the fence table left out. */
  public List<String> tables() {
    return jdbc.execute("list the tables", c -> {
      List<String> tables = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT table_name FROM information_schema.tables"
          + " WHERE table_schema = DATABASE() AND table_name <> ? ORDER BY table_name")) {
        ps.setString(1, NOT_BACKED_UP);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tables.add(rs.getString(1));
          }
        }
      }
      return tables;
    });
  }

  /**
   * Drops the tables and views that are not in {@code kept}, so that after loading a backup that holds
   * {@code kept} the database has exactly its tables: a dump drops and recreates only the tables it holds.
   * The fence table always stays. The caller holds the deploy lock.
   *
   * @return the names dropped
   */
  public List<String> dropAllBut(Set<String> kept) {
    return jdbc.execute("drop the tables the backup does not hold", c -> {
      List<String> dropped = new ArrayList<>();
      List<String[]> objects = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT table_name, table_type FROM information_schema.tables"
          + " WHERE table_schema = DATABASE() AND table_name <> ? ORDER BY table_name")) {
        ps.setString(1, NOT_BACKED_UP);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            objects.add(new String[] {rs.getString(1), rs.getString(2)});
          }
        }
      }
      try (Statement s = c.createStatement()) {
        // A table another one references may go first: the load recreates the references it holds.
        s.execute("SET FOREIGN_KEY_CHECKS = 0");
        try {
          for (String[] object : objects) {
            if (!kept.contains(object[0])) {
              s.execute((object[1].equals("VIEW") ? "DROP VIEW " : "DROP TABLE ") + quoted(object[0]));
              dropped.add(object[0]);
            }
          }
        } finally {
          s.execute("SET FOREIGN_KEY_CHECKS = 1");
        }
      }
      return dropped;
    });
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
