package dev.switchboard.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.UnknownPriceException;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A failed call's outcome record names why it failed, so that no refusal reads as a vendor's. */
class FailureReasonCodeTest {
  private static final ErrorContext TARGET = ErrorContext.of("zone-us", "gpt-4.1");

  @Test
  void aBudgetRefusalIsNotAProviderFailure() {
    BudgetExceededException refused =
        new BudgetExceededException(
            "monthly",
            "all calls, per month",
            "2026-12",
            "USD",
            new BigDecimal("0.03"),
            new BigDecimal("0.029"),
            BigDecimal.ZERO,
            new BigDecimal("0.002"));
    assertThat(AuditRecords.failureCode(refused)).isEqualTo("BUDGET_EXCEEDED");
  }

  @Test
  void refusalsMadeBeforeSendingHaveTheirOwnCodes() {
    assertThat(AuditRecords.failureCode(new UnknownPriceException("zone-us", "gpt-4.1", "builtin")))
        .isEqualTo("PRICE_UNKNOWN");
    for (CallNotPermittedException.Reason reason : CallNotPermittedException.Reason.values())
      assertThat(AuditRecords.failureCode(new CallNotPermittedException(reason, TARGET, null)))
          .isEqualTo(reason.name());
  }

  @Test
  void aTimeoutIsNamedBeforeTheTransportFailureItAlsoIs() {
    assertThat(
            AuditRecords.failureCode(
                new CallTimeoutException("call timed out after 30s", TARGET, false, null)))
        .isEqualTo("TIMEOUT");
    assertThat(
            AuditRecords.failureCode(
                new RateLimitedException("429", TARGET, Duration.ofSeconds(2))))
        .isEqualTo("RATE_LIMITED");
  }

  @Test
  void anythingElseTheVendorDidIsAProviderFailure() {
    assertThat(AuditRecords.failureCode(new ServiceUnavailableException("503", TARGET)))
        .isEqualTo("PROVIDER_FAILED");
    assertThat(AuditRecords.failureCode(new IllegalStateException("bug")))
        .isEqualTo("PROVIDER_FAILED");
  }
}
