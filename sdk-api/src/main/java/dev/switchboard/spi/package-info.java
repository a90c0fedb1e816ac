/**
 * The provider SPI: what an adapter implements to plug a vendor into Switchboard. Separate from the
 * caller API. An adapter maps wire formats to the neutral types and HTTP failures to the {@link
 * dev.switchboard.error.SwitchboardException} tree; it knows nothing of retries, cost or
 * compliance, which the pipeline adds around it.
 *
 * <p>Adapters are found by their config {@code type} through {@link java.util.ServiceLoader}: ship
 * a jar with {@code META-INF/services/dev.switchboard.spi.ModelProviderFactory}.
 */
@NullMarked
package dev.switchboard.spi;

import org.jspecify.annotations.NullMarked;
