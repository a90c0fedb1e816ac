/**
 * Typed answers and tools that run. {@code ModelClient.chat(request, MyRecord.class)} returns the
 * answer as a Java object once this module is on the class path; {@link ToolLoop} runs the {@link
 * dev.switchboard.structured.Tool}-annotated methods of the objects it is given until the model
 * answers.
 */
@NullMarked
package dev.switchboard.structured;

import org.jspecify.annotations.NullMarked;
