package dev.characterremix.bench;

import static dev.characterremix.bench.Stats.mb;
import static dev.characterremix.bench.Stats.median;
import static dev.characterremix.bench.Stats.ms;
import static dev.characterremix.bench.Stats.ratio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.characterremix.testing.Fixtures;

/** The candidate jlink + AOT cache mode against the JVM zip. */
final class JlinkAotComparison extends BenchPart {

    JlinkAotComparison(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "jlink";
    }

    /**
     * The candidate third mode (provided.al2023 with a jlinked JDK 25, jar-only class path and an AOT cache) against
     * the zip as the managed java25 runtime runs it and the bare function, all on the same JDK 25, interleaved.
     */
    @Override
    public void run() throws Exception {
        Optional<Path> jdk = JlinkAotMode.findJdk25();
        if (jdk.isEmpty()) {
            row("jlink + AOT cache (provided.al2023, JDK 25)", "not measured", "needs a JDK 25 (-Dbench.jdk25=<it>)");
            return;
        }
        fal.completeAfter(0, 0);
        String direct = Fixtures.text("events/direct-invoke.json");
        Map<String, String> ours = Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(), "QUARKUS_LAMBDA_HANDLER",
                "remix");
        JlinkAotMode mode = JlinkAotMode.build(jdk.get(), zip("events"), runtimeClient, ours, direct, JVM);
        JlinkAotMode bare = JlinkAotMode.build(jdk.get(), zip("bench/baseline-events"), runtimeClient, Map.of(), direct,
                JVM);
        Path java25 = jdk.get().resolve("bin/java");
        List<String> withCache = new ArrayList<>(JVM);
        withCache.add("-XX:AOTCache=" + mode.cache);
        List<String> bareWithCache = new ArrayList<>(JVM);
        bareWithCache.add("-XX:AOTCache=" + bare.cache);
        Path log = Files.createTempFile("jlink-aot", ".log");
        double[] managed = new double[COLD_RUNS];
        double[] jlinked = new double[COLD_RUNS];
        double[] jlinkedAot = new double[COLD_RUNS];
        double[] bareManaged = new double[COLD_RUNS];
        double[] bareAot = new double[COLD_RUNS];
        for (int i = 0; i < COLD_RUNS; i++) {
            managed[i] = JlinkAotMode.coldStart(java25, mode.plainClassPath(runtimeClient), JVM, ours, direct, log);
            jlinked[i] = JlinkAotMode.coldStart(mode.runtime.resolve("bin/java"), mode.jarOnly.resolve("lib") + "/*",
                    JVM, ours, direct, log);
            jlinkedAot[i] = JlinkAotMode.coldStart(mode.runtime.resolve("bin/java"), mode.jarOnly.resolve("lib") + "/*",
                    withCache, ours, direct, log);
            bareManaged[i] = JlinkAotMode.coldStart(java25, bare.plainClassPath(runtimeClient), JVM, Map.of(), direct,
                    log);
            bareAot[i] = JlinkAotMode.coldStart(bare.runtime.resolve("bin/java"), bare.jarOnly.resolve("lib") + "/*",
                    bareWithCache, Map.of(), direct, log);
        }
        row("JDK 25, events zip, start → first answer (median of " + COLD_RUNS
                + ", interleaved): as the managed java25 "
                + "runtime runs it / jlinked runtime, jar-only / jlinked + AOT cache",
                ms(median(managed)) + " / "
                        + ms(median(jlinked)) + " / " + ms(median(jlinkedAot)),
                "AOT vs managed "
                        + ratio(median(jlinkedAot), median(managed)) + "; bare: " + ms(median(bareManaged))
                        + " managed, "
                        + ms(median(bareAot)) + " jlinked + AOT");
        double unzipped = mode.bytes(mode.runtime) + mode.bytes(mode.jarOnly) + mode.bytes(mode.cache);
        row("jlink + AOT mode, events zip: unzipped size (runtime + jars + AOT cache) / build time",
                mb(unzipped) + " (" + mb(mode.bytes(mode.runtime)) + " + " + mb(mode.bytes(mode.jarOnly)) + " + "
                        + mb(mode.bytes(mode.cache)) + ") / " + String.format(Locale.ROOT, "%.0f s",
                                mode.buildSeconds.values().stream().mapToDouble(Double::doubleValue).sum()),
                "Lambda's limit 250 MB unzipped; managed zip " + mb(mode.bytes(mode.plain)) + "; modules: "
                        + mode.modules);
        mode.delete();
        bare.delete();
    }
}
