package io.setuprunner.config;

/** A password: {@link #toString()} never shows it, so it cannot reach a log line by accident. */
public final class Secret {
  private final String value;

  public Secret(String value) {
    this.value = value;
  }

  /** The password itself, for the one place that hands it to the driver. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "******";
  }
}
