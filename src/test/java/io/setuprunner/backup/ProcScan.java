package io.setuprunner.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.support.RunnerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads every process's command line in {@code /proc}, over and over while a runner lives, looking for a
 * secret: what {@code ps} shows any user of the host. Also looks into the environment of the tool the runner
 * started (found through the pid its wrapper logged), which only its user can read.
 */
final class ProcScan {
  private final byte[] secret;
  private final Path toolLog;
  private final Set<String> commandLineHits = new ConcurrentSkipListSet<>();
  private final Set<String> environmentHits = new ConcurrentSkipListSet<>();
  private final AtomicInteger scansWhileToolRan = new AtomicInteger();
  private final Thread thread;

  private ProcScan(RunnerProcess runner, String secret, Path toolLog) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.toolLog = toolLog;
    this.thread = new Thread(() -> {
      while (runner.isAlive()) {
        scan();
        try {
          Thread.sleep(10); // a core for the runner and its tool
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "proc-scan");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts scanning until {@code runner} ends; {@code toolLog} is where the tool's wrapper writes its pid. */
  static ProcScan whileAlive(RunnerProcess runner, String secret, Path toolLog) {
    return new ProcScan(runner, secret, toolLog);
  }

  private void scan() {
    long tool = toolPid();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .toList()) {
        byte[] commandLine = read(process.resolve("cmdline"));
        if (contains(commandLine, secret)) {
          commandLineHits.add(process.getFileName() + ": " + new String(commandLine, StandardCharsets.UTF_8)
              .replace('\0', ' '));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tool > 0 && Files.exists(Path.of("/proc", Long.toString(tool)))) {
      scansWhileToolRan.incrementAndGet();
      if (contains(read(Path.of("/proc", Long.toString(tool), "environ")), secret)) {
        environmentHits.add(Long.toString(tool));
      }
    }
  }

  private long toolPid() {
    try {
      return Files.exists(toolLog) ? Long.parseLong(log().get("pid")) : -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private Map<String, String> log() {
    try {
      return Files.readAllLines(toolLog).stream().filter(l -> l.contains(" "))
          .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(' ')), l -> l.substring(l.indexOf(' ') + 1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * After the runner ended: the secret was never on a command line nor in the tool's environment, the scan
   * saw the tool running, and the option file the tool got was readable by its owner only, then deleted.
   */
  void assertClean(String what) throws InterruptedException {
    thread.join(10_000);
    assertEquals(Set.of(), commandLineHits, what + ": the password on a command line");
    assertTrue(scansWhileToolRan.get() > 5, what + ": the scan overlapped the tool (" + scansWhileToolRan + " scans)");
    assertEquals(Set.of(), environmentHits, what + ": the password in the tool's environment");
    Map<String, String> log = log();
    Path optionFile = Path.of(log.get("file"));
    assertTrue(optionFile.isAbsolute(), what + ": the tool got --defaults-file: " + log);
    assertEquals("600", log.get("mode"), what + ": option file mode");
    assertEquals("700", log.get("dirmode"), what + ": option file folder mode");
    assertFalse(Files.exists(optionFile), what + ": option file deleted: " + optionFile);
    assertFalse(Files.exists(optionFile.getParent()), what + ": its folder deleted: " + optionFile.getParent());
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      return new byte[0]; // the process ended, or is not ours to read
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
