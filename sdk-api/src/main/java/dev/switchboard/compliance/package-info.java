/** Compliance tags that ride on each request and drive the compliance policy. */
@NullMarked
package dev.switchboard.compliance;

import org.jspecify.annotations.NullMarked;
