package io.setuprunner.config;

/** A setting's value and where it came from, so an error can say which source to fix. */
record SettingValue(Setting setting, String text, String source) {
  /** {@code release='…' from the environment variable SETUP_RUNNER_RELEASE}, for messages. */
  String shown() {
    return setting.key() + "='" + text + "' from " + source;
  }
}
