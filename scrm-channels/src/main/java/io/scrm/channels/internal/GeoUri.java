package io.scrm.channels.internal;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * Shared locations as geo URIs (RFC 5870), {@code geo:latitude,longitude}, from the coordinates a
 * platform sends in degrees. Stateless.
 */
public final class GeoUri {
  /**
   * The most decimals a coordinate has: more is no position a device gives, and the bound keeps a
   * few characters of JSON such as {@code 1e-999999999} from being written out as a billion digits.
   */
  private static final int MAX_DECIMALS = 20;

  private GeoUri() {}

  /**
   * Tells what is wrong with a coordinate, if anything.
   *
   * @param degrees the coordinate
   * @param limit its largest absolute value: 90 for a latitude, 180 for a longitude
   * @return {@code "is out of range"}, {@code "has more decimals than a coordinate"}, or null if it
   *     is a coordinate
   */
  public static @Nullable String problem(BigDecimal degrees, int limit) {
    if (degrees.abs().compareTo(BigDecimal.valueOf(limit)) > 0) {
      return "is out of range";
    }
    if (degrees.stripTrailingZeros().scale() > MAX_DECIMALS) {
      return "has more decimals than a coordinate";
    }
    return null;
  }

  /**
   * Returns the geo URI of two coordinates that {@link #problem} found nothing wrong with.
   *
   * @param latitude the latitude in degrees
   * @param longitude the longitude in degrees
   * @return {@code geo:latitude,longitude}, each written out in full
   */
  public static String of(BigDecimal latitude, BigDecimal longitude) {
    return "geo:" + latitude.toPlainString() + "," + longitude.toPlainString();
  }
}
