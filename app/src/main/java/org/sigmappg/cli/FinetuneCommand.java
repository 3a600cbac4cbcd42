package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.sigmappg.eval.EvaluationTask;
import org.sigmappg.run.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Evaluates one pre-trained backbone on a downstream task against the trivial baseline (a run of kind "finetune"). */
@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Evaluate one pre-trained backbone on a downstream task: full fine-tuning (default) or a linear probe, "
                + "through subject-level folds, against the trivial baseline; metrics with 95 %% subject-bootstrap CIs and a report.",
                "To compare several backbones and baselines in one table use evaluate."})
public final class FinetuneCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    @Mixin
    EvaluateCommand.Options options;

    @Option(names = "--pretrained", required = true, paramLabel = "RUN", description = "The pre-training run whose student is the backbone.")
    String pretrained;

    @Option(names = "--protocol", defaultValue = "finetune", paramLabel = "probe|finetune",
            description = "finetune: backbone trained with a linear head; probe: frozen backbone + linear head (default ${DEFAULT-VALUE}).")
    String protocol;

    @Override
    protected Object execute() throws Exception {
        Workspace ws = common.openWorkspace();
        String command = "sigma-ppg finetune --pretrained " + pretrained + " --protocol " + protocol + options.commandTail();
        return options.run(ws, EvaluationTask.FINETUNE_KIND, "pretrained:" + pretrained, protocol.toLowerCase(Locale.ROOT), command);
    }

    @Override
    protected boolean jsonKeepsNulls() {
        return true;
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        EvaluateCommand.print(result, out);
    }
}
