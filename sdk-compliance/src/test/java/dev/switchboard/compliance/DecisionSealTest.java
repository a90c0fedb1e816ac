package dev.switchboard.compliance;

import static dev.switchboard.compliance.ComplianceEndToEndTest.NOTE;
import static dev.switchboard.compliance.ComplianceEndToEndTest.echoing;
import static dev.switchboard.compliance.ComplianceEndToEndTest.hospitalCompliance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.DecisionSeal;
import dev.switchboard.pipeline.Position;
import dev.switchboard.testing.ScriptedProvider;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Interceptors after the compliance stage try every way around the decision; the chain refuses each
 * with DECISION_BYPASSED, audits the attempt, and no excluded provider is ever called.
 */
class DecisionSealTest {
  static final Target GLOBAL = Target.of("global", "gpt-4o");
  static final Target ZONE = Target.of("zone-us", "gpt-4o-mini");
  static final Target ONPREM = Target.of("onprem", "llama3.1:8b");

  final ScriptedProvider global = echoing("global");
  final ScriptedProvider zone = echoing("zone-us");
  final ScriptedProvider onprem = echoing("onprem");
  final AuditTrail trail = AuditTrail.inMemory();
  ModelClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  ModelClient client(Position position, CallInterceptor interceptor) {
    var b =
        ModelClient.builder()
            .provider(global)
            .provider(zone)
            .provider(onprem)
            .route("notes", Route.failover(GLOBAL, ZONE, ONPREM))
            .with(hospitalCompliance(trail));
    if (interceptor != null) b.addInterceptor(position, interceptor);
    client = b.build();
    return client;
  }

  /** An interceptor that changes every call it sees. */
  static CallInterceptor changing(UnaryOperator<Call> change) {
    return new CallInterceptor() {
      @Override
      public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
        return chain.proceed(change.apply(chain.call()));
      }
    };
  }

  static ChatRequest note(PurposeOfUse purpose) {
    return ChatRequest.builder()
        .model("notes")
        .user(NOTE)
        .compliance(ComplianceTags.builder().dataClass(DataClass.PHI).purposeOfUse(purpose).build())
        .build();
  }

  private void assertBypassRefusedAndAudited(ChatRequest request, String what) {
    assertThatThrownBy(() -> client.chat(request))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.DECISION_BYPASSED);
              assertThat(e.auditEventId()).isPresent();
              assertThat(e.getMessage()).contains(what).doesNotContain("Jane", "123-45-6789");
            });
    assertThat(global.calls()).isZero();
    List<AuditEntry> refused =
        trail.entries().stream()
            .filter(
                e ->
                    e.record().get("reasonCodes") instanceof List<?> l
                        && l.contains("DECISION_BYPASSED"))
            .toList();
    // The attempt itself, then the call's outcome record naming the same code.
    assertThat(refused)
        .extracting(AuditEntry::eventType)
        .containsExactly("ai.decision", "ai.response");
    assertThat(refused.get(0).record())
        .containsEntry("severity", "alert")
        .containsEntry("outcome", 8);
    assertThat(refused.get(0).record().get("bypass").toString()).contains(what);
    assertThat(trail.verify().intact()).isTrue();
  }

  @Test
  void aPerCallInterceptorThatWidensTheRouteIsRefused() {
    client(Position.PER_CALL, changing(c -> c.withRoute(Route.failover(GLOBAL, ZONE, ONPREM))));
    assertBypassRefusedAndAudited(note(PurposeOfUse.TREAT), "widened the route to global/gpt-4o");
    assertThat(zone.calls()).isZero();
  }

  @Test
  void anInterceptorThatRemovesTheSealFromTheAttributesStillCannotWiden() {
    client(
        Position.PER_CALL,
        changing(
            c -> {
              c.attributes().remove(DecisionSeal.KEY);
              return c.withRoute(Route.failover(GLOBAL));
            }));
    assertBypassRefusedAndAudited(note(PurposeOfUse.TREAT), "widened the route");
  }

  @Test
  void aPerAttemptInterceptorThatRedirectsTheAttemptToAnExcludedTargetIsRefusedAtTheProvider() {
    client(Position.PER_ATTEMPT, changing(c -> c.withAttempt(GLOBAL, c.attempt())));
    assertBypassRefusedAndAudited(
        note(PurposeOfUse.TREAT), "sent the call to global/gpt-4o, which is not eligible");
  }

  @Test
  void anInterceptorThatPutsBackTheOriginalTextAfterPseudonymizationIsRefused() {
    client(
        Position.PER_CALL,
        changing(
            c ->
                c.withRequest(
                    c.chatRequest().toBuilder()
                        .messages(List.of(dev.switchboard.chat.ChatMessage.user(NOTE)))
                        .build())));
    assertBypassRefusedAndAudited(
        note(PurposeOfUse.HOPERAT), "carrying text the transformation removed");
    assertThat(zone.calls()).isZero();
    assertThat(onprem.calls()).isZero();
  }

  @Test
  void reinsertingOneRemovedValueIsRefused() {
    // The SSN alone comes back: refused.
    client(
        Position.PER_CALL,
        changing(
            c ->
                c.withRequest(
                    c.chatRequest().toBuilder().user("also see 123-45-6789 for billing").build())));
    assertBypassRefusedAndAudited(
        note(PurposeOfUse.HOPERAT), "carrying text the transformation removed");
  }

  @Test
  void anInterceptorThatAddsHarmlessTextAndNarrowsTheRouteIsAllowed() {
    client(
        Position.PER_CALL,
        changing(
            c ->
                c.withRequest(
                        c.chatRequest().toBuilder().system("Be brief. Roe-like tone.").build())
                    .withRoute(Route.failover(ZONE))));
    ChatResponse r = client.chat(note(PurposeOfUse.HOPERAT));
    assertThat(r.provider()).isEqualTo("zone-us");
    assertThat(zone.sentText()).doesNotContain("Jane Roe", "123-45-6789");
  }

  @Test
  void aStreamedCallIsHeldToTheSameSeal() {
    client(Position.PER_CALL, changing(c -> c.withRoute(Route.failover(GLOBAL, ZONE, ONPREM))));
    assertThatThrownBy(() -> client.stream(note(PurposeOfUse.TREAT)).close())
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> assertThat(e.code()).isEqualTo(Code.DECISION_BYPASSED));
    assertThat(global.calls() + zone.calls() + onprem.calls()).isZero();
  }

  @Test
  void aPinnedProviderThePolicyExcludesIsRefusedNeverSwapped() {
    client(null, null);
    assertThatThrownBy(
            () -> client.chat(note(PurposeOfUse.TREAT).toBuilder().pinProvider("global").build()))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.PINNED_PROVIDER_INELIGIBLE);
              assertThat(e.exclusions()).hasSize(1);
              assertThat(e.exclusions().get(0).provider()).isEqualTo("global");
              assertThat(e.exclusions().get(0).codes())
                  .contains(Code.BAA_REQUIRED, Code.DEPLOYMENT_NOT_ALLOWED, Code.HUMAN_REVIEW);
            });
    assertThat(global.calls() + zone.calls() + onprem.calls()).isZero();
  }
}
