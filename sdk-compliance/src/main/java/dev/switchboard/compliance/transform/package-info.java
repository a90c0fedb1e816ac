/**
 * Transformations of text before it leaves the process: redaction (remove, type mask, generalize)
 * and reversible pseudonymization with random typed tokens restored in the answer.
 *
 * <p>A reversible pseudonym is still PHI (HHS guidance on 164.514(c)): pseudonymization is a
 * minimum-necessary control, not de-identification. Values here never print the text they hold.
 */
@NullMarked
package dev.switchboard.compliance.transform;

import org.jspecify.annotations.NullMarked;
