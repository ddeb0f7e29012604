package io.setuprunner.core;

/** The one unchecked exception Setup Runner throws: a user-facing message plus what kind of failure it is. */
public class SetupRunnerException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  public SetupRunnerException(ErrorKind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public SetupRunnerException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public ErrorKind kind() {
    return kind;
  }
}
