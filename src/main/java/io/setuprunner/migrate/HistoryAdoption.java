package io.setuprunner.migrate;

import io.setuprunner.module.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which rows of an application's own Liquibase history are which changesets of the module catalog, and what
 * that makes each module's version. A row matches a changeset with its id and author whose path within the
 * module ends the row's path, or is ended by it, once prefixes such as {@code classpath:} are taken off.
 *
 * @param matches each matched row and its changeset, in the rows' order
 * @param notInCode rows with no changeset of that id, author and path in the code
 * @param ambiguous rows that fit more than one changeset: which one ran cannot be told
 * @param suspect changesets not matched whose id and author a row not matched carries: most likely the same
 *     changeset under a path Setup Runner could not pair, which an upgrade would run a second time
 * @param pending changesets neither matched nor in Setup Runner's history: what the next upgrade runs
 * @param versions per module, the highest version that it and every version below it have all changesets
 *     present for; modules with none are left out
 */
public record HistoryAdoption(
    List<Match> matches,
    List<ForeignHistory.Row> notInCode,
    List<ForeignHistory.Row> ambiguous,
    List<CatalogChangeset> suspect,
    List<CatalogChangeset> pending,
    Map<String, Version> versions) {

  /** A row and the changeset it records. */
  public record Match(ForeignHistory.Row row, CatalogChangeset changeset) {}

  public HistoryAdoption {
    matches = List.copyOf(matches);
    notInCode = List.copyOf(notInCode);
    ambiguous = List.copyOf(ambiguous);
    suspect = List.copyOf(suspect);
    pending = List.copyOf(pending);
    versions = java.util.Collections.unmodifiableMap(new TreeMap<>(versions));
  }

  /** Safe to record: no row that could be a changeset the next upgrade would run again. */
  public boolean safe() {
    return ambiguous.isEmpty() && suspect.isEmpty();
  }

  /**
   * @param catalog per module, per version in order, its selected changesets in changelog order
   * @param alreadyRecorded changesets ({@code path::id::author}) Setup Runner's history already holds
   */
  public static HistoryAdoption of(List<ForeignHistory.Row> rows,
      Map<String, Map<Version, List<CatalogChangeset>>> catalog, Predicate<String> alreadyRecorded) {
    Map<String, List<CatalogChangeset>> byIdAndAuthor = new HashMap<>();
    catalog.values().forEach(versions -> versions.values().forEach(list -> list.forEach(c ->
        byIdAndAuthor.computeIfAbsent(key(c.id(), c.author()), k -> new ArrayList<>()).add(c))));
    List<Match> matches = new ArrayList<>();
    List<ForeignHistory.Row> notInCode = new ArrayList<>();
    List<ForeignHistory.Row> ambiguous = new ArrayList<>();
    Set<String> matched = new HashSet<>();
    for (ForeignHistory.Row row : rows) {
      String rowPath = normalize(row.filename());
      List<CatalogChangeset> fits = byIdAndAuthor.getOrDefault(key(row.id(), row.author()), List.of()).stream()
          .filter(c -> !matched.contains(c.changeset()) && samePath(rowPath, c)).toList();
      List<CatalogChangeset> exact = fits.stream().filter(c -> rowPath.equals(normalize(c.pathInModule()))).toList();
      List<CatalogChangeset> chosen = exact.size() == 1 ? exact : fits;
      if (chosen.size() == 1) {
        matches.add(new Match(row, chosen.get(0)));
        matched.add(chosen.get(0).changeset());
      } else if (chosen.isEmpty()) {
        notInCode.add(row);
      } else {
        ambiguous.add(row);
      }
    }
    Set<String> rowKeys = new HashSet<>();
    notInCode.forEach(r -> rowKeys.add(key(r.id(), r.author())));
    List<CatalogChangeset> suspect = new ArrayList<>();
    List<CatalogChangeset> pending = new ArrayList<>();
    Map<String, Version> versions = new LinkedHashMap<>();
    catalog.forEach((module, byVersion) -> {
      boolean complete = true;
      for (Map.Entry<Version, List<CatalogChangeset>> version : byVersion.entrySet()) {
        for (CatalogChangeset c : version.getValue()) {
          if (!matched.contains(c.changeset()) && !alreadyRecorded.test(c.changeset())) {
            pending.add(c);
            complete = false;
            if (rowKeys.contains(key(c.id(), c.author()))) {
              suspect.add(c);
            }
          }
        }
        if (complete) {
          versions.put(module, version.getKey());
        }
      }
    });
    return new HistoryAdoption(matches, notInCode, ambiguous, suspect, pending, versions);
  }

  private static String key(String id, String author) {
    return id + "::" + author;
  }

  /** Both paths name the same file once what tells only where the application kept it is taken off. */
  private static boolean samePath(String rowPath, CatalogChangeset changeset) {
    String inModule = normalize(changeset.pathInModule());
    String full = normalize(changeset.path());
    return rowPath.equals(inModule) || rowPath.equals(full) || rowPath.endsWith("/" + inModule)
        || inModule.endsWith("/" + rowPath);
  }

  /** {@code classpath:/db/changelog/a.xml}, {@code ./db\changelog\a.xml} and {@code db/changelog/a.xml} alike. */
  static String normalize(String path) {
    String p = path.replace('\\', '/');
    if (p.startsWith("classpath*:")) {
      p = p.substring("classpath*:".length());
    } else if (p.startsWith("classpath:")) {
      p = p.substring("classpath:".length());
    } else if (p.startsWith("file:")) {
      p = p.substring("file:".length());
    }
    while (p.startsWith("/") || p.startsWith("./")) {
      p = p.substring(p.startsWith("/") ? 1 : 2);
    }
    return p.replaceAll("/+", "/");
  }
}
