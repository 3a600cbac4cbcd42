package org.sigmappg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Care of a workspace itself, as opposed to its datasets and runs. */
@Command(name = "workspace", mixinStandardHelpOptions = true,
        description = "Look after the workspace itself (restore its catalogue from a backup).",
        subcommands = {WorkspaceRestoreCommand.class})
public final class WorkspaceCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name what to do: " + String.join(", ", spec.subcommands().keySet()));
    }
}
