package io.setuprunner.migrate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.StandardChangeLogHistoryService;
import liquibase.exception.DatabaseException;
import liquibase.exception.DatabaseHistoryException;

/**
 * Liquibase's history service with the ran changesets indexed. Liquibase finds a changeset's record by
 * scanning the whole ran list, normalizing both paths for every entry; over a pass of thousands of
 * changesets that scan was three quarters of the runner's CPU and made the cost per version grow with the
 * history (docs/performance.md). The index only narrows the candidates: a match is still decided by
 * Liquibase's own {@link RanChangeSet#isSameAs}, so which record is found does not change.
 */
public final class IndexedChangeLogHistoryService extends StandardChangeLogHistoryService {
  private final Map<String, List<RanChangeSet>> index = new HashMap<>();
  /** The list the index was built from: its first entry and how many of its entries are indexed. */
  private RanChangeSet indexedFirst;
  private int indexedSize;

  @Override
  public int getPriority() {
    return PRIORITY_DEFAULT + 1;
  }

  @Override
  public RanChangeSet getRanChangeSet(ChangeSet changeSet) throws DatabaseException, DatabaseHistoryException {
    if (!hasDatabaseChangeLogTable()) {
      return null;
    }
    List<RanChangeSet> ran = getRanChangeSets();
    catchUp(ran);
    for (RanChangeSet candidate : index.getOrDefault(key(changeSet.getFilePath(), changeSet.getId(),
        changeSet.getAuthor()), List.of())) {
      if (candidate.isSameAs(changeSet)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Brings the index up to the list. Liquibase only appends to its list while it runs (and re-reads it into
   * a new one after a reset), so a list with the same first entry and more entries has a new tail.
   */
  private void catchUp(List<RanChangeSet> ran) {
    boolean sameList = indexedSize == 0 ? indexedFirst == null : !ran.isEmpty() && ran.get(0) == indexedFirst;
    if (!sameList || ran.size() < indexedSize) {
      index.clear();
      indexedSize = 0;
    }
    for (RanChangeSet r : ran.subList(indexedSize, ran.size())) {
      index.computeIfAbsent(key(r.getChangeLog(), r.getId(), r.getAuthor()), k -> new ArrayList<>(1)).add(r);
    }
    indexedSize = ran.size();
    indexedFirst = ran.isEmpty() ? null : ran.get(0);
  }

  @Override
  public void removeFromHistory(ChangeSet changeSet) throws DatabaseException {
    super.removeFromHistory(changeSet);
    forget();
  }

  /**
   * Liquibase's {@code include} initializes the history service, and so creates the history table, whenever
   * the scope holds a database. Inside a scope that carries this key as true, a missing table stays missing
   * and reads as an empty history: reading changelogs ({@code status}, {@code adopt --dry-run}) writes nothing.
   */
  public static final String READ_ONLY = "io.setuprunner.historyReadOnly";

  @Override
  public void init() throws DatabaseException {
    if (Boolean.TRUE.equals(Scope.getCurrentScope().get(READ_ONLY, Boolean.class)) && !hasDatabaseChangeLogTable()) {
      return;
    }
    super.init();
  }

  @Override
  public void reset() {
    super.reset();
    forget();
  }

  private void forget() {
    index.clear();
    indexedSize = 0;
    indexedFirst = null;
  }

  /** Equal for any two records {@link RanChangeSet#isSameAs} may match: it compares case-insensitively. */
  private static String key(String path, String id, String author) {
    return fold(DatabaseChangeLog.normalizePath(path)) + "::" + fold(id) + "::" + fold(author);
  }

  /** The per-code-point folding {@link String#equalsIgnoreCase} compares by. */
  private static String fold(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder folded = new StringBuilder(s.length());
    s.codePoints().forEach(c -> folded.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
    return folded.toString();
  }
}
