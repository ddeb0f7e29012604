package io.setuprunner.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipFile;

/**
 * Plain Liquibase 4.33's {@code update}, as its command line runs it, for comparing with what Setup Runner
 * does on the same files. It runs in this JVM but in a class loader of its own that holds Liquibase, the
 * driver and the test classes and none of Setup Runner's classes, so none of Setup Runner's Liquibase
 * services (history, lock, parsers) take part. It keeps Liquibase's own tables ({@code DATABASECHANGELOG}).
 */
public final class PlainLiquibase {
  /** How an update ended: {@code error} is null when it succeeded, else the exception chain's messages. */
  public record Result(boolean succeeded, String error) {}

  private static ClassLoader isolated;

  private PlainLiquibase() {}

  /**
   * Writes {@code changelogs/<master>} including {@code changelogs} (paths relative to {@code changelogs/},
   * in order), so that changeset identities are the ones Setup Runner records. Plain files directly in
   * {@code changelogs/} are not modules, so Setup Runner ignores it.
   */
  public static String master(AppFixture app, String master, List<String> changelogs) {
    app.write(master, ChangelogXml.of(changelogs.stream().map(c -> "  <include file=\"" + c + "\"/>")
        .toArray(String[]::new)));
    return master;
  }

  /** {@code update} of {@code changelog} (relative to {@code changelogs}) into {@code db}, with no context filter. */
  public static Result update(TestDatabase db, Path changelogs, String changelog) {
    return update(db, changelogs, changelog, null);
  }

  /** {@code update --contexts=<contexts>}; a null {@code contexts} filters nothing. */
  public static synchronized Result update(TestDatabase db, Path changelogs, String changelog, String contexts) {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try {
      ClassLoader loader = loader();
      // Liquibase finds its services through the context class loader.
      thread.setContextClassLoader(loader);
      String error = (String) Class.forName(PlainLiquibase.class.getName(), true, loader)
          .getMethod("isolatedUpdate", String.class, String.class, String.class, String.class, String.class,
              String.class)
          .invoke(null, db.url(), db.user(), db.poolConfig().getPassword(), changelogs.toAbsolutePath().toString(),
              changelog, contexts);
      return new Result(error == null, error);
    } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
      throw new IllegalStateException(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /**
   * Runs only in the isolated class loader.
   *
   * @return null, or the messages of the exception chain that stopped the update
   */
  public static String isolatedUpdate(String url, String login, String password, String dir, String changelog,
      String contexts) throws Exception {
    java.util.logging.Logger.getLogger("liquibase").setLevel(java.util.logging.Level.OFF);
    Properties user = new Properties();
    user.setProperty("user", login);
    user.setProperty("password", password == null ? "" : password);
    try (java.sql.Connection c = new com.mysql.cj.jdbc.Driver().connect(url, user)) {
      liquibase.database.Database database = liquibase.database.DatabaseFactory.getInstance()
          .findCorrectDatabaseImplementation(new liquibase.database.jvm.JdbcConnection(c));
      Map<String, Object> scope = Map.of(
          liquibase.Scope.Attr.resourceAccessor.name(), new liquibase.resource.DirectoryResourceAccessor(Path.of(dir)),
          liquibase.Scope.Attr.ui.name(), new liquibase.ui.LoggerUIService(),
          liquibase.analytics.configuration.AnalyticsArgs.ENABLED.getKey(), Boolean.FALSE);
      try {
        liquibase.Scope.child(scope, () -> {
          liquibase.command.CommandScope update = new liquibase.command.CommandScope(
              liquibase.command.core.UpdateCommandStep.COMMAND_NAME)
              .addArgumentValue(liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep.DATABASE_ARG,
                  database)
              .addArgumentValue(liquibase.command.core.UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
              .addArgumentValue(liquibase.command.core.helpers.ShowSummaryArgument.SHOW_SUMMARY_OUTPUT,
                  liquibase.UpdateSummaryOutputEnum.LOG);
          if (contexts != null) {
            update.addArgumentValue(liquibase.command.core.UpdateCommandStep.CONTEXTS_ARG, contexts);
          }
          update.execute();
        });
        return null;
      } catch (Exception e) {
        List<String> messages = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
          messages.add(t.getClass().getSimpleName() + ": " + t.getMessage());
        }
        return String.join("\n  caused by ", messages);
      } finally {
        database.close();
      }
    }
  }

  /** The test class path without Setup Runner's classes, built once. */
  private static ClassLoader loader() {
    if (isolated == null) {
      List<URL> urls = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (!entry.isBlank() && Files.exists(path) && !holdsSetupRunner(path)) {
          try {
            urls.add(path.toUri().toURL());
          } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
          }
        }
      }
      isolated = new URLClassLoader("plain-liquibase", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
    return isolated;
  }

  private static boolean holdsSetupRunner(Path entry) {
    String main = "io/setuprunner/Main.class";
    if (Files.isDirectory(entry)) {
      return Files.exists(entry.resolve(main));
    }
    try (ZipFile jar = new ZipFile(entry.toFile())) {
      return jar.getEntry(main) != null;
    } catch (IOException e) {
      throw new UncheckedIOException(entry + " is on the class path but cannot be read", e);
    }
  }
}
