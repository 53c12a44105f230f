package org.gru4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code gru4j}: train, evaluate and run recurrent networks from the command line. Errors print one line that says
 * what to fix and exit with status 1 (2 for a usage error); {@code --verbose} adds the stack trace.
 */
@Command(name = "gru4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Exact, fast GRU, LSTM and simple RNN networks in pure Java.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ForecastCommand.class,
            GenerateCommand.class, TranslateCommand.class, BenchCommand.class, AnalyzeCommand.class,
            ConvertCommand.class, InspectCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams and returns the exit status (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = parseResult.hasMatchedOption("--verbose")
                    || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose"));
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            commandLine.getErr().println("gru4j " + commandLine.getCommandName() + ": " + msg.replace('\n', ' '));
            commandLine.getErr().flush();
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args1) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandName().equals("gru4j") ? "gru4j" : "gru4j " + c.getCommandName();
            c.getErr().println(name + ": " + ex.getMessage().replace('\n', ' ') + " (see " + name + " --help)");
            c.getErr().flush();
            return 2;
        });
        return cl.execute(args);
    }

    /** The version from the jar manifest, or "development". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"gru4j " + (v == null ? "development" : v)};
        }
    }
}
