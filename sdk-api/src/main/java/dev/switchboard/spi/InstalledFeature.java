package dev.switchboard.spi;

import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Stage;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PipelineFeature} installed in one client: the interceptors it puts at built-in
 * positions, and what to close with the client. The pipeline accepts a feature's interceptors only
 * at {@link Stage#COMPLIANCE}, {@link Stage#AUDIT}, {@link Stage#BUDGET} and {@link
 * Stage#METERING}, one feature per position.
 *
 * @since 0.2
 */
public final class InstalledFeature implements AutoCloseable {
  private final Map<Stage, CallInterceptor> stages;
  private final AutoCloseable resources;
  private final @Nullable ClusterQuotas clusterQuotas;

  private InstalledFeature(
      Map<Stage, CallInterceptor> stages,
      AutoCloseable resources,
      @Nullable ClusterQuotas clusterQuotas) {
    EnumMap<Stage, CallInterceptor> copy = new EnumMap<>(Stage.class);
    stages.forEach(
        (stage, interceptor) ->
            copy.put(
                Objects.requireNonNull(stage, "stage"),
                Objects.requireNonNull(interceptor, "interceptor")));
    this.stages = Collections.unmodifiableMap(copy);
    this.resources = resources;
    this.clusterQuotas = clusterQuotas;
  }

  /**
   * Stages and the resources the client closes when it is closed.
   *
   * @param stages interceptors by position
   * @param resources closed once with the client; {@code () -> {}} when there is nothing to close
   */
  public static InstalledFeature of(Map<Stage, CallInterceptor> stages, AutoCloseable resources) {
    return new InstalledFeature(
        Objects.requireNonNull(stages, "stages"),
        Objects.requireNonNull(resources, "resources"),
        null);
  }

  /**
   * The same, also offering the store for the client's {@code scope: cluster} rate limits. A client
   * accepts one such store.
   *
   * @since 0.3
   */
  public InstalledFeature withClusterQuotas(ClusterQuotas quotas) {
    return new InstalledFeature(stages, resources, Objects.requireNonNull(quotas, "quotas"));
  }

  /**
   * The store this feature offers for cluster-scoped rate limits, if any.
   *
   * @since 0.3
   */
  public Optional<ClusterQuotas> clusterQuotas() {
    return Optional.ofNullable(clusterQuotas);
  }

  /** The interceptors by position. */
  public Map<Stage, CallInterceptor> stages() {
    return stages;
  }

  /**
   * Closes what the feature opened. The client logs a failure by its type and goes on closing the
   * rest; it never throws past {@code ModelClient.close()}.
   *
   * @throws IllegalStateException wrapping what the resources threw
   */
  @Override
  public void close() {
    try {
      resources.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new IllegalStateException("closing a feature's resources failed", e);
    }
  }
}
