package dev.switchboard.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import dev.switchboard.ModelClient;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.FhirAuditExport;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.CodeSystem;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The FHIR export checked by HAPI FHIR's R4 validator, not by a hand-written shape check. */
class FhirExportValidationTest {
  @Test
  void theExportedBundleOfServedAndRefusedCallsIsValidR4() {
    AuditTrail trail = AuditTrail.inMemory();
    ModelClient client = new ComplianceEndToEndTest().client(trail);
    try {
      client.chat(
          ComplianceEndToEndTest.note(ComplianceEndToEndTest.phi(PurposeOfUse.TREAT)).toBuilder()
              .model("local-first")
              .pinProvider("onprem")
              .build());
      client.chat(ComplianceEndToEndTest.note(ComplianceEndToEndTest.phi(PurposeOfUse.TREAT)));
      catchThrowable(
          () ->
              client.chat(
                  ComplianceEndToEndTest.note(ComplianceEndToEndTest.phi(PurposeOfUse.TREAT))
                      .toBuilder()
                      .pinProvider("global")
                      .build()));
    } finally {
      client.close();
    }
    List<SingleValidationMessage> errors =
        validationErrors(FhirAuditExport.bundle(trail.entries()));
    assertThat(errors).as("validation errors").isEmpty();
  }

  @Test
  void theValidatorKnowsAiastFromThoAndStillRejectsCodesNobodyDefined() {
    // The one concept added to R4's v3-ObservationValue is THO's AIAST, where THO puts it.
    CodeSystem.ConceptDefinitionComponent aiast =
        find(Validator.OBSERVATION_VALUE.getConcept(), "AIAST");
    assertThat(aiast.getDisplay()).isEqualTo("Artificial Intelligence asserted");
    assertThat(find(Validator.OBSERVATION_VALUE.getConcept(), "_SECINTPRVABOBV").getConcept())
        .contains(aiast);
    // A served call's export labels its response AIAST: valid with nothing set aside.
    AuditTrail trail = AuditTrail.inMemory();
    try (ModelClient client = new ComplianceEndToEndTest().client(trail)) {
      client.chat(ComplianceEndToEndTest.note(ComplianceEndToEndTest.phi(PurposeOfUse.TREAT)));
    }
    String bundle = FhirAuditExport.bundle(trail.entries());
    assertThat(bundle).contains("\"AIAST\"");
    assertThat(validationErrors(bundle)).isEmpty();
    // The terminology check is not weakened: a code THO never defined is still an error.
    assertThat(validationErrors(bundle.replace("\"AIAST\"", "\"AIASSERTED\"")))
        .anySatisfy(m -> assertThat(m.getMessage()).contains("AIASSERTED"));
  }

  /**
   * The errors HAPI FHIR's R4 validator finds in an exported bundle (warnings and information left
   * out). Nothing is set aside. One validator per JVM: building it loads the R4 structures, which
   * takes seconds.
   */
  static List<SingleValidationMessage> validationErrors(String bundle) {
    return Validator.INSTANCE.validateWithResult(bundle).getMessages().stream()
        .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
        .toList();
  }

  /** The concept of this code anywhere in the hierarchy; fails if there is none. */
  static CodeSystem.ConceptDefinitionComponent find(
      List<CodeSystem.ConceptDefinitionComponent> concepts, String code) {
    CodeSystem.ConceptDefinitionComponent found = search(concepts, code);
    if (found == null)
      throw new IllegalStateException("v3-ObservationValue has no concept " + code);
    return found;
  }

  private static CodeSystem.@Nullable ConceptDefinitionComponent search(
      List<CodeSystem.ConceptDefinitionComponent> concepts, String code) {
    for (CodeSystem.ConceptDefinitionComponent c : concepts) {
      if (c.getCode().equals(code)) return c;
      CodeSystem.ConceptDefinitionComponent inner = search(c.getConcept(), code);
      if (inner != null) return inner;
    }
    return null;
  }

  /** Holds the validator, built on first use. */
  private static final class Validator {
    private static final String OBSERVATION_VALUE_URL =
        "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    /**
     * R4's v3-ObservationValue (version 2018-08-12, in the R4 core package of 2019) with the one
     * concept the export uses that is newer than R4: AIAST, "Artificial Intelligence asserted". HL7
     * Terminology (THO) added it on 2024-02-28 (HL7/UTG commit b8199334c, v3-ObservationValue
     * 3.1.0), under _SECINTPRVABOBV (provenance asserted by), next to CLINAST and DEVAST; THO 6.0.2
     * is the first release that carries it, and every release since (THO 6.1.0 to 7.3.0, code
     * system 4.0.0 to 6.0.0) keeps it unchanged. The AI Transparency on FHIR IG uses it as its
     * first-level AI label. Display and definition below are THO's (CC0). Registered ahead of the
     * R4 structures in the chain, so the validator looks codes of this system up here; every other
     * concept, and every other check, stays as R4 defines it.
     */
    static final CodeSystem OBSERVATION_VALUE = observationValueWithAiast();

    static final FhirValidator INSTANCE = build();

    private static CodeSystem observationValueWithAiast() {
      FhirContext ctx = FhirContext.forR4Cached();
      CodeSystem r4 =
          (CodeSystem)
              new DefaultProfileValidationSupport(ctx).fetchCodeSystem(OBSERVATION_VALUE_URL);
      CodeSystem tho = r4.copy();
      find(tho.getConcept(), "_SECINTPRVABOBV")
          .addConcept()
          .setCode("AIAST")
          .setDisplay("Artificial Intelligence asserted")
          .setDefinition(
              "Security provenance metadata observation value used to indicate that an IT"
                  + " resource (data, or information object) was asserted by a Artificial"
                  + " Intelligence (e.g. Clinical Decision Support, Machine Learning, Algorithm).");
      return tho;
    }

    private static FhirValidator build() {
      FhirContext ctx = FhirContext.forR4Cached();
      PrePopulatedValidationSupport tho = new PrePopulatedValidationSupport(ctx);
      tho.addCodeSystem(OBSERVATION_VALUE);
      FhirValidator validator = ctx.newValidator();
      validator.registerValidatorModule(
          new FhirInstanceValidator(
              new ValidationSupportChain(
                  tho,
                  new DefaultProfileValidationSupport(ctx),
                  new InMemoryTerminologyServerValidationSupport(ctx),
                  new CommonCodeSystemsTerminologyService(ctx))));
      return validator;
    }
  }
}
