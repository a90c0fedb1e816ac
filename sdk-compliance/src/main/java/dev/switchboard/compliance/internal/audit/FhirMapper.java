package dev.switchboard.compliance.internal.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.internal.Json;
import java.util.List;
import java.util.Map;

/** The FHIR R4 AuditEvent mapping of the compliance design (6(e)). */
public final class FhirMapper {
  private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
  private static final String ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
  private static final String ROLE_TYPE =
      "http://terminology.hl7.org/CodeSystem/extra-security-role-type";
  private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
  private static final String ENTITY_TYPE =
      "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  private static final String CONFIDENTIALITY =
      "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
  private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  private static final String LOCAL = "urn:switchboard:audit";

  private FhirMapper() {}

  public static String bundle(List<AuditEntry> entries) {
    ObjectNode bundle = Json.MAPPER.createObjectNode();
    bundle.put("resourceType", "Bundle");
    bundle.put("type", "collection");
    ArrayNode items = bundle.putArray("entry");
    for (AuditEntry e : entries) {
      if (!exported(e)) continue;
      ObjectNode item = items.addObject();
      // A collection's entries need their identity (R4 bdl-7 / fullUrl); event ids are UUIDs.
      item.put("fullUrl", "urn:uuid:" + e.eventId());
      item.set("resource", auditEvent(e));
    }
    return Json.write(bundle);
  }

  public static String ndjson(List<AuditEntry> entries) {
    StringBuilder sb = new StringBuilder();
    for (AuditEntry e : entries) {
      if (exported(e)) sb.append(Json.write(auditEvent(e))).append('\n');
    }
    return sb.toString();
  }

  private static boolean exported(AuditEntry e) {
    return e.eventType().startsWith("ai.");
  }

  @SuppressWarnings("unchecked")
  static ObjectNode auditEvent(AuditEntry e) {
    Map<String, Object> r = e.record();
    Map<String, Object> provider =
        r.get("provider") instanceof Map<?, ?> p ? (Map<String, Object>) p : Map.of();
    boolean local = local(provider.get("kind"));
    // A decision names no provider yet: it is an export only if a target it allows is not local.
    if (provider.isEmpty() && r.get("eligibleKinds") instanceof List<?> kinds && !kinds.isEmpty())
      local = kinds.stream().allMatch(FhirMapper::local);
    ObjectNode ev = Json.MAPPER.createObjectNode();
    ev.put("resourceType", "AuditEvent");
    ev.put("id", e.eventId());
    coding(ev.putObject("type"), DCM, local ? "110112" : "110106", local ? "Query" : "Export");
    coding(ev.putArray("subtype").addObject(), LOCAL, subtype(e, r), e.eventType());
    ev.put("action", "E");
    ev.put("recorded", e.recorded());
    ev.put("outcome", String.valueOf(r.getOrDefault("outcome", 0)));
    if (r.get("reasonCodes") instanceof List<?> reasons)
      ev.put("outcomeDesc", String.join(", ", (List<String>) reasons));
    if ("alert".equals(r.get("severity")) || e.eventType().equals("ai.breakglass")) {
      ObjectNode ext = ev.putArray("extension").addObject();
      ext.put("url", LOCAL + "#severity");
      ext.put("valueCode", "alert");
    }
    if (r.get("purposeOfUse") instanceof String purpose) {
      coding(
          ev.putArray("purposeOfEvent").addObject().putArray("coding").addObject(),
          ACT_REASON,
          purpose,
          null);
    }
    agents(ev.putArray("agent"), r, provider);
    ObjectNode source = ev.putObject("source");
    source.putObject("observer").put("display", "switchboard-sdk");
    coding(
        source.putArray("type").addObject(),
        "http://terminology.hl7.org/CodeSystem/security-source-type",
        "4",
        "Application Server");
    entities(ev.putArray("entity"), e, r);
    return ev;
  }

  /**
   * The local subtype: a vendor's content filter is an outcome of its own ({@code
   * ai-content-filtered}), as is break-glass ({@code ai-breakglass}).
   */
  private static String subtype(AuditEntry e, Map<String, Object> r) {
    if ("content-filtered".equals(r.get("result"))) return "ai-content-filtered";
    return switch (e.eventType()) {
      case "ai.response" -> "ai-invoke";
      case "ai.breakglass" -> "ai-breakglass";
      default -> "ai-decision";
    };
  }

  @SuppressWarnings("unchecked")
  private static void agents(
      ArrayNode agents, Map<String, Object> r, Map<String, Object> provider) {
    Map<String, Object> requester =
        r.get("requester") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    ObjectNode human = agents.addObject();
    coding(
        human.putObject("type").putArray("coding").addObject(),
        ROLE_TYPE,
        "humanuser",
        "human user");
    if (requester.get("role") instanceof String role)
      human.putArray("role").addObject().put("text", role);
    ObjectNode who = human.putObject("who");
    if (requester.get("userId") instanceof String user)
      who.putObject("identifier").put("value", user);
    else who.put("display", "unknown");
    human.put("requestor", true);
    if (r.get("policyHash") instanceof String hash)
      human.putArray("policy").add("urn:sha256:" + hash);
    ObjectNode sdk = agents.addObject();
    coding(
        sdk.putObject("type").putArray("coding").addObject(),
        ROLE_TYPE,
        "dataprocessor",
        "data processor");
    ObjectNode sdkWho = sdk.putObject("who");
    sdkWho.put(
        "display",
        "switchboard-sdk" + (requester.get("clientId") instanceof String c ? " in " + c : ""));
    sdk.put("requestor", false);
    if (provider.get("id") instanceof String id) {
      ObjectNode model = agents.addObject();
      coding(
          model.putObject("type").putArray("coding").addObject(),
          DCM,
          "110152",
          "Destination Role ID");
      model
          .putObject("who")
          .putObject("identifier")
          .put("system", "urn:switchboard:provider")
          .put("value", id + "/" + provider.get("model"));
      model.put("requestor", false);
    }
  }

  @SuppressWarnings("unchecked")
  private static void entities(ArrayNode entities, AuditEntry e, Map<String, Object> r) {
    if (r.get("patientRef") instanceof String patient) {
      ObjectNode p = entities.addObject();
      p.putObject("what")
          .putObject("identifier")
          .put("system", "urn:switchboard:patient-ref-hmac")
          .put("value", patient);
      coding(p.putObject("type"), ENTITY_TYPE, "1", "Person");
      coding(p.putObject("role"), OBJECT_ROLE, "1", "Patient");
    }
    boolean response = e.eventType().equals("ai.response");
    ObjectNode content = entities.addObject();
    coding(content.putObject("type"), ENTITY_TYPE, "2", "System Object");
    coding(
        content.putObject("role"),
        OBJECT_ROLE,
        response ? "4" : "24",
        response ? "Domain Resource" : "Query");
    Map<String, Object> tags =
        r.get("tags") instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
    ArrayNode labels = content.putArray("securityLabel");
    if (tags.get("confidentiality") instanceof String c)
      coding(labels.addObject(), CONFIDENTIALITY, c, null);
    for (String key : List.of("sensitivity", "obligations", "refrains")) {
      if (tags.get(key) instanceof List<?> codes)
        codes.forEach(code -> coding(labels.addObject(), ACT_CODE, code.toString(), null));
    }
    if (response)
      coding(
          labels.addObject(),
          "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
          "AIAST",
          null);
    ArrayNode detail = content.putArray("detail");
    for (String key : List.of("promptHmac", "responseHmac", "vendorRequestId", "decision")) {
      if (r.get(key) instanceof String v) detail.addObject().put("type", key).put("valueString", v);
    }
    if (r.get("contentFilter") instanceof Map<?, ?> filter
        && filter.get("categories") instanceof List<?> categories) {
      detail
          .addObject()
          .put("type", "contentFilterCategories")
          .put("valueString", String.join(",", (List<String>) categories));
    }
    if (r.get("entityCounts") instanceof Map<?, ?> counts && !counts.isEmpty()) {
      detail.addObject().put("type", "entityCounts").put("valueString", Json.write(counts));
    }
    detail.addObject().put("type", "chainHash").put("valueString", e.hash());
  }

  private static boolean local(Object kind) {
    return "ON_PREM".equals(kind) || "MOCK".equals(kind);
  }

  private static void coding(ObjectNode node, String system, String code, String display) {
    node.put("system", system);
    node.put("code", code);
    if (display != null) node.put("display", display);
  }
}
