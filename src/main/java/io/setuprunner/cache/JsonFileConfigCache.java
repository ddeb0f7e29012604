package io.setuprunner.cache;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.setuprunner.core.ErrorKind;
import io.setuprunner.core.SetupRunnerException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes the cache as JSON to a temporary file beside the target, syncs it, then renames it into place. */
public final class JsonFileConfigCache implements ConfigCacheWriter {
  private final Path file;
  private final ObjectMapper json;

  public JsonFileConfigCache(Path file, ObjectMapper json) {
    this.file = file;
    this.json = json;
  }

  @Override
  public Path write(ConfigCache cache) {
    Path temporary = null;
    try {
      Files.createDirectories(file.getParent());
      // Unique per process: several runners may rebuild the same cache at once on a shared disk.
      temporary = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".tmp");
      readableLikeBefore(temporary);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        json.writerWithDefaultPrettyPrinter().writeValue(nonClosing(out), cache);
        channel.force(true);
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + file.getParent() + " cannot rename atomically", e);
      }
      return file;
    } catch (IOException e) {
      deleteQuietly(temporary);
      throw new SetupRunnerException(ErrorKind.CACHE_FAILED, "Could not write the config cache " + file + ": "
          + e.getMessage() + ". Check that the directory exists and is writable by this user.", e);
    }
  }

  /**
   * Temporary files are created owner-only; the application may read the cache as another user, so
   * the new file gets the old file's permissions, or rw-r--r-- the first time.
   */
  private void readableLikeBefore(Path temporary) throws IOException {
    if (!Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
      return;
    }
    Set<PosixFilePermission> permissions = Files.exists(file) ? Files.getPosixFilePermissions(file)
        : PosixFilePermissions.fromString("rw-r--r--");
    Files.setPosixFilePermissions(temporary, permissions);
  }

  private static OutputStream nonClosing(OutputStream out) {
    // Jackson closes the stream after writing; the channel must stay open for force().
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  private static void deleteQuietly(Path temporary) {
    if (temporary != null) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException ignore) {
        // ignore: a stray temporary file is harmless and named as one
      }
    }
  }
}
