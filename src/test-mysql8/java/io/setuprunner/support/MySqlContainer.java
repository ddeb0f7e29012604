package io.setuprunner.support;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/** The mysql8 profile's server: MySQL in a Testcontainers container, as the tests' external server. */
final class MySqlContainer implements ContainerServer {
  private MySQLContainer<?> container;

  @Override
  public String start(String image) {
    // The build's validate phase checked already (DockerCheck); Docker may have stopped since.
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException("this profile needs a running Docker engine, and Testcontainers found none"
          + " (see docs/mysql.md)");
    }
    // A password of its own per run: the container listens on the host while the tests run.
    String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    container = new MySQLContainer<>(DockerImageName.parse(image).asCompatibleSubstituteFor("mysql"))
        .withUsername("root")
        .withPassword(password)
        // MySQL's own defaults but for max_connections (see the file), not Testcontainers' small my.cnf.
        .withConfigurationOverride("mysql8-server");
    container.start();
    return "jdbc:mysql://root:" + password + "@" + container.getHost() + ":"
        + container.getMappedPort(MySQLContainer.MYSQL_PORT) + "/";
  }

  @Override
  public void close() {
    if (container != null) {
      container.stop();
    }
  }
}
