package dev.switchboard.compliance.internal.policy;

import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.Residency;
import java.time.LocalDate;
import java.util.Set;

/**
 * What rules test about a request: its effective tags, the residency in force (declared or the
 * policy's default), its modalities, the detector's finding count and today's date.
 */
record Facts(
    ComplianceTags tags,
    Set<String> sensitivity,
    Residency residency,
    Set<Modality> modalities,
    int findings,
    LocalDate today) {}
