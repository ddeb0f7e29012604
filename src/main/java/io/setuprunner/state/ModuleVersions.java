package io.setuprunner.state;

import io.setuprunner.module.Version;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/** {@code setup_runner_module}: each module's version in the database, like Magento 2's {@code setup_module}. */
public final class ModuleVersions {
  private final Jdbc jdbc;

  public ModuleVersions(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** Each module's recorded version; empty for a database the runner has never upgraded. */
  public Map<String, Version> moduleVersions() {
    return jdbc.query("read module versions", Map.of(), c -> {
      Map<String, Version> versions = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT module, version FROM " + StateSchema.MODULE_TABLE + " ORDER BY module")) {
        while (rs.next()) {
          versions.put(rs.getString(1), Version.parse(rs.getString(2)));
        }
      }
      return versions;
    });
  }

  public void recordModuleVersion(String module, Version version, String runId, Instant now, long token) {
    jdbc.fenced(token, "recording " + module + " " + version, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + StateSchema.MODULE_TABLE
          + " (module, version, run_id, updated_at) VALUES (?, ?, ?, ?)"
          + " ON DUPLICATE KEY UPDATE version = VALUES(version), run_id = VALUES(run_id),"
          + " updated_at = VALUES(updated_at)")) {
        ps.setString(1, module);
        ps.setString(2, version.toString());
        ps.setString(3, runId);
        ps.setObject(4, Jdbc.utc(now));
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** Forgets {@code module}'s recorded version: the next upgrade installs it from its first version. */
  public void forgetModule(String module, long token) {
    jdbc.fenced(token, "forgetting " + module + "'s version", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + StateSchema.MODULE_TABLE + " WHERE module = ?")) {
        ps.setString(1, module);
        ps.executeUpdate();
      }
      return null;
    });
  }

  /** How many modules' recorded versions {@code runId} wrote last. */
  public int modulesRecordedBy(String runId) {
    return jdbc.query("read module versions", 0, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + StateSchema.MODULE_TABLE + " WHERE run_id = ?")) {
        ps.setString(1, runId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      }
    });
  }
}
