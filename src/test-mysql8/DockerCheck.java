import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testcontainers.DockerClientFactory;

/**
 * The mysql8 profile's first step, run as a single source file in the validate phase: asks Testcontainers for a
 * Docker engine and, when there is none, writes why to the file named by the first argument. The enforcer rule
 * after it stops the build on that file, with the profile's message, before anything is compiled.
 */
public final class DockerCheck {
  /** Testcontainers gives up on each place it looks within seconds; this bounds a Docker host that never answers. */
  private static final long LIMIT_SECONDS = 60;

  private DockerCheck() {}

  public static void main(String[] args) throws Exception {
    Path verdict = Path.of(args[0]);
    Files.deleteIfExists(verdict);
    String why;
    try {
      if (CompletableFuture.supplyAsync(() -> DockerClientFactory.instance().isDockerAvailable())
          .get(LIMIT_SECONDS, TimeUnit.SECONDS)) {
        return;
      }
      why = "Testcontainers found no Docker engine (it looked at DOCKER_HOST, ~/.testcontainers.properties and the"
          + " usual sockets, such as /var/run/docker.sock)";
    } catch (TimeoutException e) {
      why = "no Docker engine answered Testcontainers within " + LIMIT_SECONDS + " s";
    }
    Files.createDirectories(verdict.toAbsolutePath().getParent());
    Files.writeString(verdict, why + "\n");
    System.err.println("[ERROR] " + why + ".");
    // Testcontainers' own threads would keep the JVM alive after a timeout.
    System.exit(0);
  }
}
