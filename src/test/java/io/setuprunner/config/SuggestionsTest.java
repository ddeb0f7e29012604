package io.setuprunner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** "Did you mean" finds the name a typo was meant to be, and nothing for a word that is not close. */
class SuggestionsTest {
  private static final List<String> OPTIONS = List.of("--phase", "--force", "--maintenance", "--root");

  @Test
  void oneLetterOffIsFound() {
    assertEquals(Optional.of("--phase"), Suggestions.closest("--phse", OPTIONS));
  }

  @Test
  void swappedLettersCountAsOneEdit() {
    assertEquals(Optional.of("SETUP_RUNNER_DB_PASSWORD"),
        Suggestions.closest("SETUP_RUNNER_DB_PASSWROD", Setting.environmentNames()));
  }

  @Test
  void unrelatedWordsGetNoSuggestion() {
    assertEquals(Optional.empty(), Suggestions.closest("--frobnicate", OPTIONS));
    assertEquals("", Suggestions.didYouMean("--frobnicate", OPTIONS));
  }

  @Test
  void suggestionIsWordedAsAQuestion() {
    assertEquals("; did you mean --root?", Suggestions.didYouMean("--roo", OPTIONS));
  }
}
