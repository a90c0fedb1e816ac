package dev.switchboard.compliance;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a cloud deployment runs inference.
 *
 * @since 0.1
 */
public enum DeploymentType {
  /** In the resource's region. */
  REGIONAL,
  /** Anywhere in the United States data zone. */
  DATAZONE_US,
  /** Anywhere in the European Union data zone. */
  DATAZONE_EU,
  /** Anywhere in the world. */
  GLOBAL,
  /** On the hospital's own hardware. */
  LOCAL;

  /**
   * The type for a config or policy code. Every surface writes the constant's name ({@code
   * DATAZONE_US}); input may also use any case and hyphens ({@code datazone-us}, {@code
   * data-zone-us}).
   */
  public static Optional<DeploymentType> find(String code) {
    if (code == null) return Optional.empty();
    String c = code.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (c.equals("DATA_ZONE_US")) return Optional.of(DATAZONE_US);
    if (c.equals("DATA_ZONE_EU")) return Optional.of(DATAZONE_EU);
    try {
      return Optional.of(valueOf(c));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
