package io.setuprunner.support;

/**
 * A server in a container, started for the whole run by a profile that puts its implementation on the test
 * classpath ({@code mysql8}: MySqlContainer, in {@code src/test-mysql8}). Found by name, so that the default
 * build compiles and runs without Testcontainers.
 */
interface ContainerServer extends AutoCloseable {
  /** Starts {@code image} and returns its server URL with credentials, as {@link MariaDb#SERVER_PROPERTY} takes it. */
  String start(String image);

  /** Stops the container. */
  @Override
  void close();
}
