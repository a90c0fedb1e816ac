package dev.switchboard.chat;

import dev.switchboard.spi.Checks;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An image in a user message: either a URL the provider fetches, or base64 data with its media
 * type. Use {@link #ofUrl} or {@link #ofBase64}.
 *
 * @param url the image URL, or null for inline data
 * @param mediaType the media type of inline data (for example {@code image/png}), or null for a URL
 * @param base64Data inline data as base64, or null for a URL
 * @param detail how closely the model should look, where the provider supports it
 */
public record ImagePart(
    @Nullable String url, @Nullable String mediaType, @Nullable String base64Data, Detail detail)
    implements ContentPart {

  /** Resolution hint for vision models. */
  public enum Detail {
    AUTO,
    LOW,
    HIGH
  }

  public ImagePart {
    Checks.notNull(detail, "ImagePart.detail");
    boolean hasUrl = url != null;
    boolean hasData = base64Data != null;
    Checks.check(hasUrl != hasData, "ImagePart", "exactly one of url and base64Data must be set");
    if (hasUrl) {
      Checks.notBlank(url, "ImagePart.url");
      Checks.check(
          url.startsWith("https://") || url.startsWith("http://") || url.startsWith("data:"),
          "ImagePart.url",
          "must be an http(s) or data: URL");
      Checks.check(mediaType == null, "ImagePart.mediaType", "must be null for a URL image");
    } else {
      Checks.notBlank(mediaType, "ImagePart.mediaType");
      Checks.check(
          mediaType.startsWith("image/"), "ImagePart.mediaType", "must be an image/* media type");
      Checks.check(!base64Data.isEmpty(), "ImagePart.base64Data", "must not be empty");
      try {
        Base64.getDecoder()
            .decode(base64Data.length() > 64 ? base64Data.substring(0, 64) : base64Data);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "ImagePart.base64Data: must be standard base64 without a data: prefix");
      }
    }
  }

  /** An image the provider fetches from the given URL. */
  public static ImagePart ofUrl(String url) {
    return new ImagePart(url, null, null, Detail.AUTO);
  }

  /** An inline image. */
  public static ImagePart ofBase64(String mediaType, String base64Data) {
    return new ImagePart(null, mediaType, base64Data, Detail.AUTO);
  }

  /** A copy with the given detail hint. */
  public ImagePart withDetail(Detail detail) {
    return new ImagePart(url, mediaType, base64Data, detail);
  }

  /** The URL, if this image is fetched by URL. */
  public Optional<String> urlIfPresent() {
    return Optional.ofNullable(url);
  }

  /** True if the image data is inline (base64). */
  public boolean isInline() {
    return base64Data != null;
  }

  /** This image as a URL: the URL itself, or a {@code data:} URL for inline data. */
  public String asUrl() {
    return url != null ? url : "data:" + mediaType + ";base64," + base64Data;
  }

  @Override
  public String toString() {
    return url != null
        ? "ImagePart[url, " + url.length() + " chars]"
        : "ImagePart[" + mediaType + ", " + base64Data.length() + " base64 chars]";
  }
}
