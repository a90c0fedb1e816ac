/** Token usage and, with the cost issue, prices and costs. */
@NullMarked
package dev.switchboard.usage;

import org.jspecify.annotations.NullMarked;
