package dev.switchboard.structured;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Optional;

/** A typed answer as a hospital application would declare one: enum, list, nesting, renames. */
public record Triage(
    @JsonPropertyDescription("One sentence for the receiving clinician") String summary,
    Urgency urgency,
    @JsonProperty("red_flags") List<String> redFlags,
    Vitals vitals,
    @JsonPropertyDescription("Follow-up in days, if any") Optional<Integer> followUpDays) {

  /** How soon the patient must be seen. */
  public enum Urgency {
    ROUTINE,
    URGENT,
    EMERGENT
  }

  /** A nested type. */
  public record Vitals(@JsonProperty("heart_rate") int heartRate, double temperature) {}
}
