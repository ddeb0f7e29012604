package io.setuprunner.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.setuprunner.core.ChangelogSelection;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a run's contexts, labels and parameters are put in words, and how the phase joins the label filter. */
class ChangelogSelectionTest {
  @Test
  void filtersAreDescribedInOneLine() {
    assertEquals("no filters", ChangelogSelection.NONE.describeFilters());
    assertEquals("contexts mysql", new ChangelogSelection(" mysql ", "", Map.of()).describeFilters());
    assertEquals("contexts mysql; labels !demo", new ChangelogSelection("mysql", "!demo", Map.of()).describeFilters());
    assertEquals("labels !demo", new ChangelogSelection("", "!demo", Map.of()).describeFilters());
  }

  @Test
  void parameterValuesNeverAppearInItsText() {
    ChangelogSelection selection = new ChangelogSelection("", "", Map.of("api_key", "s3cret"));

    assertFalse(selection.toString().contains("s3cret"), selection.toString());
    assertFalse(selection.describeFilters().contains("s3cret"));
  }

  @Test
  void theExpandPhaseNarrowsTheUsersLabelFilterAndTheOthersLeaveItAlone() {
    assertEquals("!contract", Phase.EXPAND.labelFilter(""));
    assertEquals("(feature-x or feature-y) and !contract", Phase.EXPAND.labelFilter("feature-x or feature-y"));
    assertEquals("feature-x", Phase.CONTRACT.labelFilter("feature-x"));
    assertEquals("", Phase.ALL.labelFilter(null));
  }
}
