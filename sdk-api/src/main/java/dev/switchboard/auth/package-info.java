/** Credentials and secrets. Nothing here ever prints its value. */
@NullMarked
package dev.switchboard.auth;

import org.jspecify.annotations.NullMarked;
