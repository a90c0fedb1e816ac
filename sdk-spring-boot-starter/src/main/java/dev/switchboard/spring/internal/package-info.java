/** The starter's machinery: not API. */
@NullMarked
package dev.switchboard.spring.internal;

import org.jspecify.annotations.NullMarked;
