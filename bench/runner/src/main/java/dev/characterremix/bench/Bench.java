package dev.characterremix.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark: runs the packaged zips the way AWS runs them (Runtime Interface Client against a Runtime API
 * stand-in) with a fal stand-in that answers at once, part by part ({@link BenchPart}), and prints one table. It
 * measures; it asserts nothing.
 */
public final class Bench {

    private Bench() {
    }

    /** Every part, in the order they run and print; -Dbench.only names some of them (see bench/README.md). */
    static List<BenchPart> parts(BenchPart.Context context) {
        return List.of(new ColdStarts(context), new WarmOverhead(context), new CompletionNotice(context),
                new S3CopyMemory(context), new BatchUpload(context), new WebhookCompletion(context),
                new HostileBodies(context),
                new ObservabilityCost(context), new SnapStartRestore(context), new JlinkAotComparison(context));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
        List<String[]> rows = new ArrayList<>();
        try (InstantFal fal = new InstantFal()) {
            BenchPart.Context context = new BenchPart.Context(root,
                    Path.of("target", "lambda-runtime").toAbsolutePath(),
                    fal, rows);
            List<BenchPart> parts = parts(context);
            List<String> only = List.of(System.getProperty("bench.only",
                    String.join(",", parts.stream().map(BenchPart::name).toList())).split(","));
            for (BenchPart part : parts) {
                if (only.contains(part.name())) {
                    part.run();
                }
            }
            print(rows);
        }
    }

    private static void print(List<String[]> rows) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
        StringBuilder out = new StringBuilder("\n| measure | result | compared with |\n|---|---|---|\n");
        for (String[] row : rows) {
            out.append("| ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
        }
        out.append("\nMachine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(cpu)
                .append(", Java ").append(System.getProperty("java.version")).append(", JVM zips with ")
                .append(BenchPart.JVM)
                .append('\n');
        System.out.println(out);
    }
}
