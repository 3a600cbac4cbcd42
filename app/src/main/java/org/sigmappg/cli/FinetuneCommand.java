package org.sigmappg.cli;

import java.io.PrintWriter;
import java.util.Set;
import org.sigmappg.recipe.RunKinds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/** Evaluates one pre-trained backbone on a downstream task against the trivial baseline (a run of kind "finetune"). */
@Command(name = "finetune", mixinStandardHelpOptions = true, modelTransformer = FinetuneCommand.Recipe.class,
        description = {"Evaluate one pre-trained backbone on a downstream task: full fine-tuning (default) or a linear probe, "
                + "through subject-level folds, against the trivial baseline; metrics with 95 %% subject-bootstrap CIs and a report.",
                "To compare several backbones and baselines in one table use evaluate."})
public final class FinetuneCommand extends CliCommand {
    @Mixin
    ThreadOptions threadOptions;

    /** Adds the fine-tuning recipe's options. */
    static final class Recipe implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return RecipeOptions.addTo(spec, RunKinds.FINETUNE, Set.of("--pretrained", "--task"));
        }
    }

    @Override
    protected Object execute() throws Exception {
        return EvaluateCommand.run(common.openWorkspace(), spec, RunKinds.FINETUNE);
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
