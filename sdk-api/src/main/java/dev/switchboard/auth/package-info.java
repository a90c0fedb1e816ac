/** Credentials and secrets. Nothing here ever prints its value. */
package dev.switchboard.auth;
