package io.setuprunner.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import liquibase.Scope;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * Plain Liquibase 4.33 as a process of its own: {@code update} of one master changelog, what the Liquibase
 * CLI does, on a classpath that holds Liquibase and the driver but none of Setup Runner's classes (whose
 * Liquibase services, such as the indexed history, would otherwise speed it up). Argument: the directory that
 * holds {@code master.xml}; the database comes from Setup Runner's variables, {@code SETUP_RUNNER_DB_URL},
 * {@code SETUP_RUNNER_DB_USER} and {@code SETUP_RUNNER_DB_PASSWORD_FILE}, so both contenders connect alike.
 */
public final class PlainLiquibase {
  private PlainLiquibase() {}

  public static void main(String[] args) throws Exception {
    String passwordFile = System.getenv().getOrDefault("SETUP_RUNNER_DB_PASSWORD_FILE", "");
    String password = passwordFile.isEmpty() ? "" : Files.readAllLines(Path.of(passwordFile)).get(0);
    try (Connection c = DriverManager.getConnection(System.getenv("SETUP_RUNNER_DB_URL"),
        System.getenv("SETUP_RUNNER_DB_USER"), password)) {
      Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), new DirectoryResourceAccessor(Path.of(args[0]))), () ->
          new CommandScope(UpdateCommandStep.COMMAND_NAME)
              .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
              .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "master.xml")
              .execute());
    }
  }
}
