package io.setuprunner.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests for {@link MaintenanceMode}: Magento 2's flag and allow-list files. */
class MaintenanceModeTest {
  @TempDir Path root;

  @Test
  void enableWritesMagentosFilesAndDisableRemovesThem() throws Exception {
    MaintenanceMode mode = new MaintenanceMode(root);
    MaintenanceMode.State on = mode.enable(List.of("203.0.113.7", "2001:db8::7"));
    assertTrue(on.enabled());
    assertTrue(Files.exists(root.resolve("var/.maintenance.flag")));
    assertEquals("203.0.113.7,2001:db8::7", Files.readString(root.resolve("var/.maintenance.ip")));
    assertEquals(List.of("203.0.113.7", "2001:db8::7"), mode.status().allowedIps());

    MaintenanceMode.State off = mode.disable();
    assertFalse(off.enabled());
    assertFalse(Files.exists(root.resolve("var/.maintenance.flag")));
    assertEquals(List.of("203.0.113.7", "2001:db8::7"), off.allowedIps(), "like Magento, disable keeps the list");
  }

  @Test
  void enableWithoutAddressesKeepsTheAllowList() throws Exception {
    MaintenanceMode mode = new MaintenanceMode(root);
    mode.enable(List.of("198.51.100.1"));
    mode.enable(List.of());
    assertEquals(List.of("198.51.100.1"), mode.status().allowedIps());
  }

  @Test
  void badAddressesAreRefusedAndNothingIsWritten() {
    MaintenanceMode mode = new MaintenanceMode(root);
    for (String bad : List.of("300.1.1.1", "example.com", "1.2.3", "::zz", "10.0.0.1/8", "")) {
      SetupRunnerException e = assertThrows(SetupRunnerException.class, () -> mode.enable(List.of("10.0.0.1", bad)));
      assertEquals(ErrorKind.USAGE, e.kind(), bad);
      assertTrue(e.getMessage().contains("'" + bad + "' is not an IP address"), e.getMessage());
      assertFalse(Files.exists(root.resolve("var/.maintenance.flag")), "nothing written for " + bad);
    }
  }

  @Test
  void maintenanceAnUpgradeSwitchedOnKnowsItsOwner() {
    MaintenanceMode mode = new MaintenanceMode(root);

    mode.enableForUpgrade("upgrade --maintenance on web-1 (pid 7) at 2026-01-21T10:00:00.000Z");

    assertTrue(mode.status().enabled());
    assertEquals(java.util.Optional.of("upgrade --maintenance on web-1 (pid 7) at 2026-01-21T10:00:00.000Z"),
        mode.upgradeOwner());
    mode.disable();
    assertEquals(java.util.Optional.empty(), mode.upgradeOwner());
    assertFalse(Files.exists(root.resolve("var/.maintenance.setup-runner")));
  }

  @Test
  void aPersonSwitchingMaintenanceOnTakesItOverFromTheUpgrade() {
    MaintenanceMode mode = new MaintenanceMode(root);
    mode.enableForUpgrade("upgrade --maintenance on web-1");

    mode.enable(List.of());

    assertTrue(mode.status().enabled());
    assertEquals(java.util.Optional.empty(), mode.upgradeOwner());
  }

  @Test
  void writesLeaveNoTemporaryFilesBehind() throws Exception {
    MaintenanceMode mode = new MaintenanceMode(root);
    mode.enable(List.of("203.0.113.7"));
    mode.enableForUpgrade("x");

    try (var files = Files.list(root.resolve("var"))) {
      assertEquals(List.of(".maintenance.flag", ".maintenance.ip", ".maintenance.setup-runner"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
  }
}
