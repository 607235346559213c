/** The {@code backprop} command-line tool (picocli): one subcommand per application, plus data and bench. */
package dev.backprop.cli;
