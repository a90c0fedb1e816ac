/**
 * Spring Boot auto-configuration for Switchboard: see {@link
 * dev.switchboard.spring.SwitchboardAutoConfiguration}.
 */
@NullMarked
package dev.switchboard.spring;

import org.jspecify.annotations.NullMarked;
