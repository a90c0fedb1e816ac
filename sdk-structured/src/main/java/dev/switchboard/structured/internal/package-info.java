/**
 * Machinery of typed answers and tools: schema generation, validation, binding, the repair call and
 * the annotated tool methods. Not API.
 */
@NullMarked
package dev.switchboard.structured.internal;

import org.jspecify.annotations.NullMarked;
