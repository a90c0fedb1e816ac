/**
 * The compliance policy: a YAML file of rules that decides, from a request's tags and the
 * providers' profiles, whether a call may proceed, to which providers, and what must be done to the
 * data first. See {@link dev.switchboard.compliance.policy.CompliancePolicy}.
 */
@NullMarked
package dev.switchboard.compliance.policy;

import org.jspecify.annotations.NullMarked;
