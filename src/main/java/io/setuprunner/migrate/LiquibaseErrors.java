package io.setuprunner.migrate;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import io.setuprunner.core.Text;
import io.setuprunner.module.Module;
import io.setuprunner.module.Version;
import java.util.List;
import java.util.stream.Collectors;
import liquibase.exception.PreconditionErrorException;
import liquibase.exception.PreconditionFailedException;
import liquibase.exception.ValidationFailedException;
import liquibase.precondition.FailedPrecondition;

/** Liquibase's failures in words a person can act on: which file or changeset, what went wrong, what to do. */
final class LiquibaseErrors {
  /** How many lines of a validation failure a message shows. */
  static final int PROBLEMS_SHOWN = 40;

  private LiquibaseErrors() {}

  static SetupRunnerException translate(
      Exception e, Module module, Version version, String path, String changeset) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SetupRunnerException stop) {
        return stop;
      }
      if (t instanceof ValidationFailedException invalid) {
        boolean drift = !invalid.getInvalidMD5Sums().isEmpty();
        return new SetupRunnerException(drift ? ErrorKind.CHECKSUM_DRIFT : ErrorKind.INVALID_MODULES,
            (drift ? "A changeset of " + path + " was edited after it ran: " + invalid.getInvalidMD5Sums()
                + ". Restore the changeset as it was and put the change in a new changeset of a new version."
                : "The changelogs of this run (from " + path + " on) are not valid; Liquibase found:\n"
                    + problems(invalid) + (invalid.getMessage().contains("duplicate identifiers")
                        ? "Give each changeset of a file an id of its own, or, where contexts tell variants of one"
                            + " change apart, select one with changelog.contexts (--contexts), as plain Liquibase's"
                            + " --contexts does. " : "")
                    + "Fix the changelogs; nothing of them was executed."), invalid);
      }
    }
    String where = changeset == null
        ? "Changelog " + path + " of module " + module.name() + " " + version + " failed before its first changeset"
        : "Changeset " + changeset + " of module " + module.name() + " " + version + " failed";
    return new SetupRunnerException(ErrorKind.CHANGESET_FAILED, where + ": " + reason(e)
        + " The run stopped there; " + module.name() + " stays at its previous version and the next run resumes"
        + " with this changeset. Fix the changeset (or the data it trips on), then run the upgrade again.", e);
  }

  /**
   * Every problem Liquibase's validation found, one per line under its heading (duplicate identifiers,
   * invalid changes, failed preconditions), as its message lists them; a long list is cut after
   * {@link #PROBLEMS_SHOWN} lines with a count of the rest.
   */
  static String problems(ValidationFailedException invalid) {
    List<String> lines = problemLines(invalid);
    StringBuilder shown = new StringBuilder();
    for (String line : lines.subList(0, Math.min(lines.size(), PROBLEMS_SHOWN))) {
      shown.append(line).append('\n');
    }
    if (lines.size() > PROBLEMS_SHOWN) {
      shown.append("  ... and ").append(lines.size() - PROBLEMS_SHOWN).append(" more lines (setup-runner validate"
          + " --json lists them all).\n");
    }
    return shown.toString();
  }

  /** Every line of a validation failure: headings indented by two, their items as "    - item". */
  static List<String> problemLines(ValidationFailedException invalid) {
    // Liquibase indents headings by five spaces and their items by ten.
    return invalid.getMessage().lines().skip(1).filter(l -> !l.isBlank())
        .map(line -> (line.startsWith("          ") ? "    - " : "  ") + line.strip()).toList();
  }

  /**
   * Why a changeset failed. A halted precondition's own exception says only "Preconditions Failed"; the
   * checks that failed, in the changelog author's words (onFailMessage) where given, are inside it.
   */
  static String reason(Throwable e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof PreconditionFailedException failed && !failed.getFailedPreconditions().isEmpty()) {
        return "precondition failed: " + failed.getFailedPreconditions().stream().map(FailedPrecondition::getMessage)
            .collect(Collectors.joining("; ")) + ".";
      }
      if (t instanceof PreconditionErrorException error && !error.getErrorPreconditions().isEmpty()) {
        return "precondition could not be checked: " + error.getErrorPreconditions().stream()
            .map(p -> rootMessage(p.getCause())).collect(Collectors.joining("; "));
      }
    }
    return rootMessage(e);
  }

  /** Whether Liquibase failed on a change type, or an XSD, that only an extension it lacks would bring. */
  static boolean missingExtension(Throwable e) {
    String message = rootMessage(e);
    return message.contains("Unknown change type") || message.contains("Unable to resolve xml entity");
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    String line = Text.firstLine(message);
    line = line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    // Broken XML: the parser knows where; say it, so nobody has to bisect the file.
    if (root instanceof org.xml.sax.SAXParseException parse && parse.getLineNumber() > 0) {
      line += " (line " + parse.getLineNumber() + ", column " + parse.getColumnNumber() + ")";
    }
    return line + ".";
  }
}
