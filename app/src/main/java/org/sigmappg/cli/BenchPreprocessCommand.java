package org.sigmappg.cli;

import java.io.PrintWriter;
import org.sigmappg.bench.PreprocessBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Pre-processing throughput in hours of signal per second, Java against SciPy on the same file. */
@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = {"Read + filter + resample + windows + priors on a generated long recording, in Java and in SciPy",
                "(bench/preprocess_scipy.py, when a python3 with SciPy is on the PATH), and print the throughput ratio."})
public final class BenchPreprocessCommand extends CliCommand {
    @Option(names = "--hours", defaultValue = "24", description = "Hours of signal (default ${DEFAULT-VALUE}).")
    double hours;

    @Option(names = "--fs", defaultValue = "125", description = "Sampling rate of the generated recording (default ${DEFAULT-VALUE} Hz).")
    double fs;

    @Option(names = "--repetitions", defaultValue = "5", description = "Timed repetitions; the median is reported (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--python", defaultValue = "python3", description = "Python interpreter with SciPy (default ${DEFAULT-VALUE}).")
    String python;

    @Override
    protected Object execute() throws Exception {
        PreprocessBenchmark.Config defaults = PreprocessBenchmark.Config.defaults();
        return PreprocessBenchmark.run(new PreprocessBenchmark.Config(hours, fs, repetitions, defaults.seed(), python));
    }

    @Override
    protected void printHuman(Object result, PrintWriter out) {
        out.print(((PreprocessBenchmark.Result) result).summary());
    }
}
