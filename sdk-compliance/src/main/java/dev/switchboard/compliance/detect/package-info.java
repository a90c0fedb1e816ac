/**
 * Local PHI detection: finds HIPAA Safe Harbor identifiers and sensitive topics in free text, in
 * process, with no network. {@link dev.switchboard.compliance.detect.PhiDetector#defaultDetector()}
 * is the entry point; {@link dev.switchboard.compliance.detect.Detection} is its answer.
 *
 * <p>Detection is a minimum-necessary control, not de-identification: pattern rules and
 * dictionaries miss some identifiers (strangers' names above all). Values here never print the
 * scanned text: {@code toString()} shows types, spans, counts and confidences only.
 */
@NullMarked
package dev.switchboard.compliance.detect;

import org.jspecify.annotations.NullMarked;
