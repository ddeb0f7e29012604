package io.setuprunner.maintenance;

import io.setuprunner.core.AtomicFiles;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Magento 2's maintenance files: {@code var/.maintenance.flag} switches maintenance on,
 * {@code var/.maintenance.ip} lists (comma-separated) the addresses that still get through. Using the
 * same files keeps existing web-server rules working.
 */
public final class MaintenanceMode {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private final Path flag;
  private final Path allowList;
  private final Path owner;

  /** Whether maintenance is on, and who still gets through. */
  public record State(boolean enabled, List<String> allowedIps) {
    public State {
      allowedIps = List.copyOf(allowedIps);
    }
  }

  public MaintenanceMode(Path root) {
    Path var = root.resolve("var");
    this.flag = var.resolve(".maintenance.flag");
    this.allowList = var.resolve(".maintenance.ip");
    // Not one of Magento's files: it tells maintenance an upgrade switched on from one a person did.
    this.owner = var.resolve(".maintenance.setup-runner");
  }

  /**
   * Switches maintenance on; with addresses, replaces the allow list, otherwise keeps it.
   *
   * @throws SetupRunnerException of kind {@code USAGE} naming a bad address; nothing is written then
   */
  public State enable(List<String> allowedIps) {
    allowedIps.forEach(MaintenanceMode::requireAddress);
    try {
      Files.createDirectories(flag.getParent());
      if (!allowedIps.isEmpty()) {
        write(allowList, String.join(",", allowedIps));
      }
      write(flag, "");
      // A person switching it on takes it over: no upgrade switches it off behind their back.
      Files.deleteIfExists(owner);
    } catch (IOException e) {
      throw failure("switch maintenance on", e);
    }
    return status();
  }

  /**
   * Switches maintenance on for an upgrade and records who did, so that a later successful
   * {@code upgrade --maintenance} knows it may switch it off again.
   *
   * @param who {@code upgrade --maintenance on HOST (pid N) at TIME}
   */
  public State enableForUpgrade(String who) {
    try {
      // The owner first: maintenance switched on without it could never be switched off by a later run.
      Files.createDirectories(owner.getParent());
      write(owner, who);
      write(flag, "");
    } catch (IOException e) {
      throw failure("switch maintenance on", e);
    }
    return status();
  }

  /** Who switched maintenance on, when an upgrade did; empty when it is off or a person switched it on. */
  public Optional<String> upgradeOwner() {
    try {
      return Files.exists(flag) && Files.isRegularFile(owner)
          ? Optional.of(Files.readString(owner, StandardCharsets.UTF_8).strip()) : Optional.empty();
    } catch (IOException e) {
      throw failure("read " + owner, e);
    }
  }

  /** Removes the flag; like Magento 2's maintenance:disable, keeps the allow list for the next time. */
  public State disable() {
    try {
      Files.deleteIfExists(flag);
      Files.deleteIfExists(owner);
    } catch (IOException e) {
      throw failure("switch maintenance off", e);
    }
    return status();
  }

  public State status() {
    List<String> allowed = List.of();
    try {
      if (Files.isRegularFile(allowList)) {
        allowed = Arrays.stream(Files.readString(allowList, StandardCharsets.UTF_8).split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).toList();
      }
    } catch (IOException e) {
      throw failure("read " + allowList, e);
    }
    return new State(Files.exists(flag), allowed);
  }

  public Path flagFile() {
    return flag;
  }

  private static void requireAddress(String ip) {
    boolean valid = IPV4.matcher(ip).matches() || (ip.contains(":") && IPV6.matcher(ip).matches() && ipv6(ip));
    if (!valid) {
      throw new SetupRunnerException(ErrorKind.USAGE, "'" + ip + "' is not an IP address: give --allow-ip an IPv4"
          + " or IPv6 address such as 203.0.113.7 or 2001:db8::7, once per address. Nothing was changed.");
    }
  }

  private static boolean ipv6(String ip) {
    try {
      // A literal with a colon is parsed, never looked up in DNS.
      return java.net.InetAddress.getByName(ip) instanceof java.net.Inet6Address;
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static void write(Path file, String text) throws IOException {
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }


  private SetupRunnerException failure(String what, IOException e) {
    return new SetupRunnerException(ErrorKind.CACHE_FAILED, "Could not " + what + " (" + flag.getParent() + "): "
        + e.getMessage() + ". Check that var/ is writable by this user.", e);
  }
}
