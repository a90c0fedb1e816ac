/** Loading and validating the Switchboard configuration file. */
package dev.switchboard.config;
