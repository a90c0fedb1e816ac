/** Token usage and, with the cost issue, prices and costs. */
package dev.switchboard.usage;
