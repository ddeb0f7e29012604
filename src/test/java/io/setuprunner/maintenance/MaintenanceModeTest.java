package io.setuprunner.maintenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.setuprunner.ErrorKind;
import io.setuprunner.SetupRunnerException;
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
}
