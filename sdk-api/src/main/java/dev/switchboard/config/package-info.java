/** Loading and validating the Switchboard configuration file. */
@NullMarked
package dev.switchboard.config;

import org.jspecify.annotations.NullMarked;
