/** Compliance tags that ride on each request and drive the compliance policy. */
package dev.switchboard.compliance;
