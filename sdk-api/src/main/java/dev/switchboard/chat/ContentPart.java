package dev.switchboard.chat;

/**
 * One part of a user message: {@link TextPart} or {@link ImagePart}.
 *
 * @since 0.1
 */
public sealed interface ContentPart permits TextPart, ImagePart {

  /** A text part. */
  static TextPart text(String text) {
    return new TextPart(text);
  }

  /** An image the provider fetches from an https (or data:) URL. */
  static ImagePart imageUrl(String url) {
    return ImagePart.ofUrl(url);
  }

  /** An image sent inline as base64 with its media type, for example {@code image/png}. */
  static ImagePart imageBase64(String mediaType, String base64Data) {
    return ImagePart.ofBase64(mediaType, base64Data);
  }
}
