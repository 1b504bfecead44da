package dev.characterremix.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.s3.S3Events;
import dev.characterremix.s3.S3StandIn;
import dev.characterremix.s3.SqsEventSourceMapping;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.PackagedFunction;
import dev.characterremix.testing.QueuedFal;
import dev.characterremix.testing.SecretsManagerStandIn;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The benchmark: runs the packaged zips the way AWS runs them (Runtime Interface Client against a Runtime API
 * stand-in) with a fal stand-in that answers at once, and prints one table. It measures; it asserts nothing.
 */
public final class Bench {

    /** The Terraform's JAVA_TOOL_OPTIONS, plus -Dbench.jvmOptions (e.g. a profiler agent) for every zip alike. */
    static final List<String> JVM = jvmOptions(System.getProperty("bench.jvmOptions", ""));
    static final int COLD_RUNS = Integer.getInteger("bench.coldRuns", 7);
    /** The Terraform's default memory size, which sets a Lambda function's share of a vCPU. */
    static final int LAMBDA_MEMORY_MB = Integer.getInteger("bench.memoryMb", 512);
    static final int WARM_INVOCATIONS = Integer.getInteger("bench.invocations", 1000);

    private final Path root;
    private final Path runtimeClient;
    private final InstantFal fal;
    private final List<String[]> rows = new ArrayList<>();

    Bench(Path root, InstantFal fal) {
        this.root = root;
        this.runtimeClient = Path.of("target", "lambda-runtime").toAbsolutePath();
        this.fal = fal;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("project.root", "../..")).toAbsolutePath().normalize();
        try (InstantFal fal = new InstantFal()) {
            Bench bench = new Bench(root, fal);
            // -Dbench.only=cold,...,snapstart,jlink runs a part (see bench/README.md); by default all of them.
            List<String> only = List.of(System.getProperty("bench.only",
                    "cold,warm,notice,s3,batch,hostile,observability,snapstart,jlink").split(","));
            if (only.contains("cold")) {
                bench.coldStarts();
            }
            if (only.contains("warm")) {
                bench.warmOverheadAndMemory();
            }
            if (only.contains("notice")) {
                bench.completionNotice();
            }
            if (only.contains("s3")) {
                bench.s3CopyMemory();
            }
            if (only.contains("batch")) {
                bench.batch();
            }
            if (only.contains("hostile")) {
                bench.hostileBodies();
            }
            if (only.contains("observability")) {
                bench.observabilityCost();
            }
            if (only.contains("snapstart")) {
                bench.snapStart();
            }
            if (only.contains("jlink")) {
                bench.jlinkAot();
            }
            bench.print();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    void coldStarts() throws Exception {
        String direct = Fixtures.text("events/direct-invoke.json");
        String http = Files.readString(root.resolve("http/src/test/resources/events/apigw-http-v2-post-remix.json"));
        Map<String, String> ours = Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(), "QUARKUS_LAMBDA_HANDLER", "remix");
        Map<String, String> unprimed = new HashMap<>(ours);
        unprimed.put("REMIX_PRIMING_ENABLED", "false");
        LambdaCpu cpu = LambdaCpu.create(LAMBDA_MEMORY_MB).orElse(null);
        fal.completeAfter(0, 0);
        try {
            List<Cold> series = new ArrayList<>();
            Cold eventsOurs = add(series, new Cold(zip("events"), ours, direct, null));
            Cold eventsBare = add(series, new Cold(zip("bench/baseline-events"), Map.of(), direct, null));
            Cold httpOurs = add(series, new Cold(zip("http"), ours, http, null));
            Cold httpBare = add(series, new Cold(zip("bench/baseline-http"), Map.of(), http, null));
            Cold eventsOursUnprimed = add(series, new Cold(zip("events"), unprimed, direct, null));
            Cold lambdaOurs = cpu == null ? null : add(series, new Cold(zip("events"), ours, direct, cpu));
            Cold lambdaUnprimed = cpu == null ? null : add(series, new Cold(zip("events"), unprimed, direct, cpu));
            Cold lambdaBare = cpu == null ? null
                    : add(series, new Cold(zip("bench/baseline-events"), Map.of(), direct, cpu));
            // Interleaved, so a shared machine's slow minute slows both sides of a ratio rather than one.
            for (int i = 0; i < COLD_RUNS; i++) {
                for (Cold cold : series) {
                    cold.run(i);
                }
            }
            coldRow("events zip", eventsOurs, eventsBare);
            coldRow("http zip", httpOurs, httpBare);
            coldRow("events zip, priming off", eventsOursUnprimed, eventsBare);
            if (cpu == null) {
                row("cold start, Lambda-like CPU", "not measured", "needs a writable cgroup CPU controller");
            } else {
                String lambda = "Lambda-like CPU (first invocation at " + LAMBDA_MEMORY_MB + " MB's share of a vCPU), ";
                coldRow(lambda + "events zip", lambdaOurs, lambdaBare);
                coldRow(lambda + "events zip, priming off", lambdaUnprimed, lambdaBare);
            }
        } finally {
            if (cpu != null) {
                cpu.close();
            }
        }
    }

    private static Cold add(List<Cold> series, Cold cold) {
        series.add(cold);
        return cold;
    }

    private void coldRow(String what, Cold ours, Cold bare) {
        row("cold start, " + what + ": init (start → first poll) / first invocation / start → first answer (median of "
                + COLD_RUNS + ", interleaved)",
                ms(median(ours.poll)) + " / " + ms(median(ours.invocation)) + " / " + ms(median(ours.answer)),
                "bare: " + ms(median(bare.poll)) + " / " + ms(median(bare.invocation)) + " / " + ms(median(bare.answer))
                        + "; ratio " + ratio(median(ours.answer), median(bare.answer)));
    }

    /**
     * Fresh processes of one zip: process start → first poll (init), the first invocation, process start → first
     * answer. With a {@link LambdaCpu}, the event is sent once init is over and the process has been throttled.
     */
    final class Cold {
        final Path zip;
        final Map<String, String> env;
        final String event;
        final LambdaCpu cpu;
        final double[] poll = new double[COLD_RUNS];
        final double[] invocation = new double[COLD_RUNS];
        final double[] answer = new double[COLD_RUNS];

        Cold(Path zip, Map<String, String> env, String event, LambdaCpu cpu) {
            this.zip = zip;
            this.env = env;
            this.event = event;
            this.cpu = cpu;
        }

        void run(int i) throws Exception {
            try (LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn()) {
                // Unthrottled, the event waits for the function, as on a cold start; throttled, it comes after init.
                var outcome = cpu == null ? runtime.invoke(event) : null;
                long start = System.nanoTime();
                try (PackagedFunction function = PackagedFunction.start(zip, runtimeClient, runtime, env, JVM)) {
                    long firstPoll = function.await(runtime.firstPoll(), Duration.ofSeconds(120));
                    long sent = firstPoll;
                    if (cpu != null) {
                        cpu.throttle(function.process().pid());
                        sent = System.nanoTime();
                        outcome = runtime.invoke(event);
                    }
                    var done = function.await(outcome, Duration.ofSeconds(120));
                    if (done.failed()) {
                        throw new IllegalStateException(zip + " failed: " + done.body() + "\n" + function.output());
                    }
                    poll[i] = (firstPoll - start) / 1e6;
                    invocation[i] = (done.answeredAtNanos() - sent) / 1e6;
                    answer[i] = poll[i] + invocation[i];
                }
            }
        }
    }

    /**
     * What the JSON logs and the EMF metrics cost, against the same zip with plain log lines and no metrics (the
     * function as it was before them), in the same run: cold starts interleaved, then warm invocations.
     */
    void observabilityCost() throws Exception {
        fal.completeAfter(0, 0);
        String direct = Fixtures.text("events/direct-invoke.json");
        Map<String, String> deployed = Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(),
                "QUARKUS_LAMBDA_HANDLER", "remix");
        Map<String, String> without = new HashMap<>(deployed);
        without.put("REMIX_METRICS_ENABLED", "false");
        without.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        List<Cold> series = new ArrayList<>();
        Cold on = add(series, new Cold(zip("events"), deployed, direct, null));
        Cold off = add(series, new Cold(zip("events"), without, direct, null));
        for (int i = 0; i < COLD_RUNS; i++) {
            for (Cold cold : series) {
                cold.run(i);
            }
        }
        row("cold start, events zip, JSON logs + EMF metrics vs plain logs, no metrics: first answer (median of "
                + COLD_RUNS + ", interleaved)", ms(median(on.answer)) + " vs " + ms(median(off.answer)),
                "ratio " + ratio(median(on.answer), median(off.answer)) + "; target ≤ 1.05×");
        double[] bare = warm(zip("bench/baseline-events"), Map.of(), direct, false);
        double[] raw = rawFalRoundTrips(direct);
        double[] withThem = warm(zip("events"), deployed, direct, false);
        double[] withoutThem = warm(zip("events"), without, direct, false);
        row("warm direct invocation with JSON logs + EMF metrics / without, p50 over " + WARM_INVOCATIONS,
                ms(withThem[0]) + " / " + ms(withoutThem[0]), "their cost: " + ms(withThem[0] - withoutThem[0]));
        row("warm overhead with them = ours − bare − raw fal, p50 / p99", ms(withThem[0] - bare[0] - raw[0]) + " / "
                + ms(withThem[1] - bare[1] - raw[1]), "target ≤ 2 ms p50");
    }

    /**
     * SnapStart emulated with CRIU: each zip and its bare baseline snapshotted once after init (priming included),
     * then restored again and again, interleaved with fresh starts of the same environments; and two environments
     * restored from one snapshot checked for what must differ between them.
     */
    void snapStart() throws Exception {
        Optional<SnapStartEmulation> found = SnapStartEmulation.find(runtimeClient);
        if (found.isEmpty()) {
            row("SnapStart emulation (CRIU): restore → first answer", "not measured", "needs CRIU 4.1 or later and "
                    + "root: build it from github.com/checkpoint-restore/criu (make criu), then -Dbench.criu=<it>");
            return;
        }
        SnapStartEmulation emulation = found.get();
        fal.completeAfter(0, 0);
        int restores = Integer.getInteger("bench.snapRestores", 5);
        Path direct = Files.writeString(Files.createTempFile("direct", ".json"), Fixtures.text("events/direct-invoke.json"));
        // The caller sends no X-Request-Id: the function makes one (a UUID), which must differ per environment.
        com.fasterxml.jackson.databind.node.ObjectNode apiEvent = (com.fasterxml.jackson.databind.node.ObjectNode)
                Fixtures.MAPPER.readTree(root.resolve("http/src/test/resources/events/apigw-http-v2-post-remix.json")
                        .toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) apiEvent.get("headers")).remove("x-request-id");
        Path http = Files.writeString(Files.createTempFile("http", ".json"), apiEvent.toString());
        Map<String, String> ours = Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(), "QUARKUS_LAMBDA_HANDLER", "remix");
        // The JVM as it runs in a Lambda environment of this memory size, for every function alike: sized by the
        // JVM's ergonomics for that much memory (-XX:MaxRAM, as a container limit does: initial heap, young generation),
        // the serial collector, and a heap of about 85% of the memory (the managed runtime sets the heap itself).
        List<String> lambdaJvm = new ArrayList<>(JVM);
        lambdaJvm.addAll(List.of("-XX:MaxRAM=" + LAMBDA_MEMORY_MB + "m", "-XX:+UseSerialGC",
                "-XX:MaxHeapSize=" + LAMBDA_MEMORY_MB * 85 / 100 + "m"));
        /** One zip, snapshotted once; its restores and its fresh starts. */
        final class Emulated {
            final String name;
            final Path zip;
            final Map<String, String> env;
            final Path event;
            final SnapStartEmulation.Snapshot snapshot;
            final List<SnapStartEmulation.Answer> restored = new ArrayList<>();
            final List<SnapStartEmulation.Answer> fresh = new ArrayList<>();

            Emulated(String name, Path zip, Map<String, String> env, Path event) throws Exception {
                this.name = name;
                this.zip = zip;
                this.env = env;
                this.event = event;
                this.snapshot = emulation.snapshot(zip, env, lambdaJvm, fal.port());
            }

            void run() throws Exception {
                restored.add(snapshot.restore(event));
                fresh.add(emulation.fresh(zip, env, lambdaJvm, event));
            }
        }
        Emulated eventsOurs = new Emulated("events zip", zip("events"), ours, direct);
        Emulated eventsBare = new Emulated("bare events", zip("bench/baseline-events"), Map.of(), direct);
        Emulated httpOurs = new Emulated("http zip", zip("http"), ours, http);
        Emulated httpBare = new Emulated("bare http", zip("bench/baseline-http"), Map.of(), http);
        List<Emulated> all = List.of(eventsOurs, eventsBare, httpOurs, httpBare);
        for (int i = 0; i < restores; i++) {
            for (Emulated each : all) {
                each.run();
            }
        }
        for (List<Emulated> pair : List.of(List.of(eventsOurs, eventsBare), List.of(httpOurs, httpBare))) {
            Emulated measured = pair.get(0);
            Emulated bare = pair.get(1);
            double restored = median(measured.restored.stream().mapToDouble(SnapStartEmulation.Answer::millis).toArray());
            double bareRestored = median(bare.restored.stream().mapToDouble(SnapStartEmulation.Answer::millis).toArray());
            double fresh = median(measured.fresh.stream().mapToDouble(SnapStartEmulation.Answer::millis).toArray());
            double bareFresh = median(bare.fresh.stream().mapToDouble(SnapStartEmulation.Answer::millis).toArray());
            double inFunction = median(measured.restored.stream()
                    .mapToDouble(SnapStartEmulation.Answer::functionMillis).toArray());
            double bareInFunction = median(bare.restored.stream()
                    .mapToDouble(SnapStartEmulation.Answer::functionMillis).toArray());
            row("SnapStart emulation, " + measured.name + ": restore → first answer / fresh start → first answer (median "
                    + "of " + restores + ", interleaved)", ms(restored) + " / " + ms(fresh),
                    "bare: " + ms(bareRestored) + " / " + ms(bareFresh) + "; restored ours/bare "
                            + ratio(restored, bareRestored) + " (target ≤ 1.2×); of which the restored function's own "
                            + "part, event → answer: " + ms(inFunction) + " (bare " + ms(bareInFunction) + ")"
                            + "; restore/fresh " + ratio(restored, fresh)
                            + "; snapshot " + mb(measured.snapshot.imageBytes()) + " (bare "
                            + mb(bare.snapshot.imageBytes()) + "), with "
                            + measured.snapshot.toOutside + " connection(s) to fal in it");
        }
        // Two environments restored from one snapshot must not share what must be unique: the HTTP request ids our
        // code makes (UUIDs from SecureRandom, which re-reads the kernel's entropy after a restore).
        List<String> requestIds = new ArrayList<>();
        for (SnapStartEmulation.Answer answer : httpOurs.restored) {
            JsonNode headers = answer.json().path("headers");
            headers.fieldNames().forEachRemaining(name -> {
                if (name.equalsIgnoreCase("X-Request-Id")) {
                    requestIds.add(headers.get(name).asText());
                }
            });
        }
        for (Emulated each : List.of(eventsOurs, httpOurs)) {
            SnapStartEmulation.Snapshot snapshot = each.snapshot;
            row("SnapStart emulation, " + each.name + ": the application's org.crac hooks, wired as Lambda's managed "
                    + "runtime wires them", "before checkpoint: " + (snapshot.beforeCheckpointHook() ? "ran" : "NOT RUN")
                    + "; after restore: " + snapshot.afterRestoreHooks + " of " + restores + " environments",
                    "through the runtime client's hooks around restore/next");
        }
        for (Emulated each : all) {
            each.snapshot.delete();
        }
        keyRotatedAfterTheSnapshot(emulation, direct, restores);
        long distinct = requestIds.stream().distinct().count();
        row("SnapStart emulation, uniqueness: X-Request-Id of " + restores + " environments restored from one snapshot",
                distinct + " distinct of " + requestIds.size(), distinct == restores ? "none shared" : "SHARED: " + requestIds);
    }

    /**
     * The fal key read from Secrets Manager at init, rotated after the snapshot: every restored environment must get
     * fal's 401 with the old key, read the secret again and answer, and no connection to Secrets Manager may be in the
     * snapshot (each restore would get a copy of the same connection).
     */
    private void keyRotatedAfterTheSnapshot(SnapStartEmulation emulation, Path event, int restores) throws Exception {
        com.github.tomakehurst.wiremock.WireMockServer secrets = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
        secrets.start();
        try {
            SecretsManagerStandIn secret = new SecretsManagerStandIn(secrets);
            secret.secretString("bench-key-1");
            fal.acceptKeys(java.util.Set.of("bench-key-1"));
            Map<String, String> env = Map.of("FAL_KEY_SECRET_ARN", SecretsManagerStandIn.ARN,
                    "FAL_SECRETS_ENDPOINT", secrets.baseUrl(), "FAL_QUEUE_URL", fal.url(),
                    "QUARKUS_LAMBDA_HANDLER", "remix", "AWS_ACCESS_KEY_ID", "bench-access-key",
                    "AWS_SECRET_ACCESS_KEY", "bench-secret-key");
            SnapStartEmulation.Snapshot snapshot = emulation.snapshot(zip("events"), env, JVM, secrets.port());
            secret.secretString("bench-key-2");
            fal.acceptKeys(java.util.Set.of("bench-key-2"));
            int readsBefore = secrets.getAllServeEvents().size();
            int refusedBefore = fal.refusedKeys.get();
            int answered = 0;
            for (int i = 0; i < restores; i++) {
                snapshot.restore(event);
                answered++;
            }
            int reads = secrets.getAllServeEvents().size() - readsBefore;
            row("SnapStart emulation, fal key rotated after the snapshot: restored environments that answered",
                    answered + " of " + restores, "each got fal's 401 with the old key ("
                            + (fal.refusedKeys.get() - refusedBefore) + " refusals) and read the secret again ("
                            + reads + " reads); connections to Secrets Manager in the snapshot: " + snapshot.toOutside);
            snapshot.delete();
        } finally {
            fal.acceptKeys(null);
            secrets.stop();
        }
    }

    /**
     * The candidate third mode (provided.al2023 with a jlinked JDK 25, jar-only class path and an AOT cache) against
     * the zip as the managed java25 runtime runs it and the bare function, all on the same JDK 25, interleaved.
     */
    void jlinkAot() throws Exception {
        Optional<Path> jdk = JlinkAotMode.findJdk25();
        if (jdk.isEmpty()) {
            row("jlink + AOT cache (provided.al2023, JDK 25)", "not measured", "needs a JDK 25 (-Dbench.jdk25=<it>)");
            return;
        }
        fal.completeAfter(0, 0);
        String direct = Fixtures.text("events/direct-invoke.json");
        Map<String, String> ours = Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(), "QUARKUS_LAMBDA_HANDLER", "remix");
        JlinkAotMode mode = JlinkAotMode.build(jdk.get(), zip("events"), runtimeClient, ours, direct, JVM);
        JlinkAotMode bare = JlinkAotMode.build(jdk.get(), zip("bench/baseline-events"), runtimeClient, Map.of(), direct, JVM);
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
            bareManaged[i] = JlinkAotMode.coldStart(java25, bare.plainClassPath(runtimeClient), JVM, Map.of(), direct, log);
            bareAot[i] = JlinkAotMode.coldStart(bare.runtime.resolve("bin/java"), bare.jarOnly.resolve("lib") + "/*",
                    bareWithCache, Map.of(), direct, log);
        }
        row("JDK 25, events zip, start → first answer (median of " + COLD_RUNS + ", interleaved): as the managed java25 "
                + "runtime runs it / jlinked runtime, jar-only / jlinked + AOT cache", ms(median(managed)) + " / "
                + ms(median(jlinked)) + " / " + ms(median(jlinkedAot)), "AOT vs managed "
                + ratio(median(jlinkedAot), median(managed)) + "; bare: " + ms(median(bareManaged)) + " managed, "
                + ms(median(bareAot)) + " jlinked + AOT");
        double unzipped = mode.bytes(mode.runtime) + mode.bytes(mode.jarOnly) + mode.bytes(mode.cache);
        row("jlink + AOT mode, events zip: unzipped size (runtime + jars + AOT cache) / build time",
                mb(unzipped) + " (" + mb(mode.bytes(mode.runtime)) + " + " + mb(mode.bytes(mode.jarOnly)) + " + "
                        + mb(mode.bytes(mode.cache)) + ") / " + String.format(Locale.ROOT, "%.0f s",
                                mode.buildSeconds.values().stream().mapToDouble(Double::doubleValue).sum()),
                "Lambda's limit 250 MB unzipped; managed zip " + mb(mode.bytes(mode.plain)) + "; modules: " + mode.modules);
        mode.delete();
        bare.delete();
    }

    void warmOverheadAndMemory() throws Exception {
        fal.completeAfter(0, 0);
        String direct = Fixtures.text("events/direct-invoke.json");
        double[] ours = warm(zip("events"), Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(),
                "QUARKUS_LAMBDA_HANDLER", "remix"), direct, true);
        double[] bare = warm(zip("bench/baseline-events"), Map.of(), direct, false);
        double[] raw = rawFalRoundTrips(direct);
        row("warm direct invocation, p50 / p99 over " + WARM_INVOCATIONS, ms(ours[0]) + " / " + ms(ours[1]),
                "bare handler (Runtime API plumbing): " + ms(bare[0]) + " / " + ms(bare[1]));
        row("raw fal round trip (submit + status + result, same stand-in), p50 / p99", ms(raw[0]) + " / " + ms(raw[1]), "");
        row("warm overhead = ours − bare − raw fal, p50 / p99", ms(ours[0] - bare[0] - raw[0]) + " / "
                + ms(ours[1] - bare[1] - raw[1]), "target ≤ 2 ms p50");
        row("resident memory (VmRSS) after " + WARM_INVOCATIONS + " invocations", mb(ours[2]), "bare: " + mb(bare[2]));
    }

    /** p50, p99 of the invocation round trip, and VmRSS (bytes) after the run. */
    double[] warm(Path zip, Map<String, String> env, String event, boolean countRequests) throws Exception {
        try (LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn();
                PackagedFunction function = PackagedFunction.start(zip, runtimeClient, runtime, env, JVM)) {
            for (int i = 0; i < 200; i++) {
                function.await(runtime.invoke(event), Duration.ofSeconds(120));
            }
            fal.finished.clear();
            double[] times = new double[WARM_INVOCATIONS];
            for (int i = 0; i < WARM_INVOCATIONS; i++) {
                long start = System.nanoTime();
                var outcome = function.await(runtime.invoke(event), Duration.ofSeconds(60));
                times[i] = (outcome.answeredAtNanos() - start) / 1e6;
            }
            if (countRequests) {
                double perJob = fal.finished.stream().mapToInt(job -> job.requests.get()).average().orElse(0);
                row("fal requests per job (fal completes at once)", String.format(Locale.ROOT, "%.2f", perJob),
                        "submit + status + result; target ≤ 3 plus status checks");
            }
            return new double[] { percentile(times, 50), percentile(times, 99), rss(function.process().pid(), "VmRSS") };
        }
    }

    /** The same three calls the function makes, made directly, to take fal's own time out of the overhead. */
    double[] rawFalRoundTrips(String event) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double[] times = new double[WARM_INVOCATIONS];
        for (int i = -200; i < WARM_INVOCATIONS; i++) {
            long start = System.nanoTime();
            String submit = http.send(HttpRequest.newBuilder(URI.create(fal.url() + "/fal-ai/ideogram/character/remix"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String id = Fixtures.MAPPER.readTree(submit).get("request_id").asText();
            String base = fal.url() + "/fal-ai/ideogram/requests/" + id;
            http.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
            if (i >= 0) {
                times[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return new double[] { percentile(times, 50), percentile(times, 99) };
    }

    void completionNotice() throws Exception {
        fal.completeAfter(300, 3_000);
        String direct = Fixtures.text("events/direct-invoke.json");
        try (LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn();
                PackagedFunction function = PackagedFunction.start(zip("events"), runtimeClient, runtime,
                        Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(), "QUARKUS_LAMBDA_HANDLER", "remix"), JVM)) {
            function.await(runtime.invoke(direct), Duration.ofSeconds(120));
            fal.finished.clear();
            for (int i = 0; i < 40; i++) {
                function.await(runtime.invoke(direct), Duration.ofSeconds(60));
            }
        }
        double[] delays = fal.finished.stream().mapToDouble(job -> (job.noticedAt - job.readyAt) / 1e6).toArray();
        double[] requests = fal.finished.stream().mapToDouble(job -> job.requests.get()).toArray();
        row("completion noticed after fal completed (jobs of 0.3–3 s, default polling), p50 / max",
                ms(percentile(delays, 50)) + " / " + ms(percentile(delays, 100)), "target ≤ 100 ms");
        row("fal requests per job of 0.3–3 s, mean / max", String.format(Locale.ROOT, "%.1f / %.0f",
                Arrays.stream(requests).average().orElse(0), percentile(requests, 100)), "3 + status checks");
        fal.completeAfter(0, 0);
    }

    void s3CopyMemory() throws Exception {
        String bucket = "bench-uploads";
        try (S3StandIn s3 = S3StandIn.start(); LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn()) {
            s3.client().createBucket(b -> b.bucket(bucket));
            s3.client().putObject(b -> b.bucket(bucket).key("references/hero.png"), RequestBody.fromBytes(new byte[8]));
            Map<String, String> env = new HashMap<>(Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(),
                    "QUARKUS_LAMBDA_HANDLER", "s3", "REMIX_S3_ENDPOINT_OVERRIDE", s3.endpoint().toString(),
                    "REMIX_S3_PATH_STYLE", "true", "REMIX_INPUT_ALLOW_HTTP", "true", "REMIX_S3_PROMPT", "bench",
                    "REMIX_S3_REFERENCE_IMAGE", "s3://" + bucket + "/references/hero.png",
                    "AWS_ACCESS_KEY_ID", S3StandIn.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3StandIn.SECRET_KEY));
            // A fixed heap, so a growing copy shows as growth and not as the JVM sizing itself differently.
            List<String> jvm = new ArrayList<>(JVM);
            jvm.add("-Xmx256m");
            try (PackagedFunction function = PackagedFunction.start(zip("events"), runtimeClient, runtime, env, jvm)) {
                int n = 0;
                fal.imageBytes(1024);
                for (int i = 0; i < 3; i++) {
                    upload(s3, bucket, runtime, function, "warm-" + n++);
                }
                double base = rss(function.process().pid(), "VmHWM");
                fal.imageBytes(1024 * 1024);
                for (int i = 0; i < 3; i++) {
                    upload(s3, bucket, runtime, function, "one-mb-" + n++);
                }
                double oneMb = rss(function.process().pid(), "VmHWM");
                fal.imageBytes(20 * 1024 * 1024);
                for (int i = 0; i < 3; i++) {
                    upload(s3, bucket, runtime, function, "twenty-mb-" + n++);
                }
                double twentyMb = rss(function.process().pid(), "VmHWM");
                row("S3 result copy: peak RSS (VmHWM) growth, 3 × 1 MB / then 3 × 20 MB images", mb(oneMb - base)
                        + " / " + mb(twentyMb - oneMb), "flat = the 20 MB copies add about what the 1 MB ones did");
            }
        }
    }

    private void upload(S3StandIn s3, String bucket, LambdaRuntimeStandIn runtime, PackagedFunction function, String name)
            throws Exception {
        String key = "inputs/" + name + ".png";
        var put = s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[16]));
        String event = Fixtures.text("events/s3-put.json").replace("__BUCKET__", bucket)
                .replace("__KEY__", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"))
                .replace("__SIZE__", "16").replace("__ETAG__", put.eTag().replace("\"", ""));
        var outcome = function.await(runtime.invoke(event), Duration.ofSeconds(120));
        if (outcome.failed()) {
            throw new IllegalStateException("S3 invocation failed: " + outcome.body() + "\n" + function.output());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Path zip(String module) {
        return root.resolve(module).resolve("target/function.zip");
    }

    private void row(String what, String value, String note) {
        rows.add(new String[] { what, value, note });
        System.out.printf("%s: %s %s%n", what, value, note);
    }

    /**
     * A batch upload through the queue, scaled down in time: N uploads, a fal that runs C jobs at once for T each,
     * C Lambda environments (the event source mapping's maximum concurrency) running the packaged zip, invocations
     * short enough that queued jobs outlive them and come back.
     */
    void batch() throws Exception {
        int uploads = Integer.getInteger("bench.batch.uploads", 24);
        Duration jobTime = Duration.ofMillis(Long.getLong("bench.batch.jobMillis", 1000));
        long invocationMillis = Long.getLong("bench.batch.invocationMillis", 2500);
        // As deployed: the event source's maximum concurrency is fal's. Then twice fal's (a fal_concurrency set too
        // high): jobs queue at fal, outlive their invocations and are resumed.
        batch(uploads, 3, 3, jobTime, invocationMillis);
        batch(uploads, 2, 6, jobTime, invocationMillis);
    }

    private void batch(int uploads, int concurrency, int environments, Duration jobTime, long invocationMillis)
            throws Exception {
        String bucket = "bench-batch";
        List<PackagedFunction> functions = new ArrayList<>();
        List<LambdaRuntimeStandIn> runtimes = new ArrayList<>();
        try (S3StandIn s3 = S3StandIn.start(); QueuedFal queued = new QueuedFal(concurrency, jobTime, "bench")) {
            s3.client().createBucket(b -> b.bucket(bucket));
            s3.client().putObject(b -> b.bucket(bucket).key("references/hero.png"), RequestBody.fromBytes(new byte[8]));
            Map<String, String> env = new HashMap<>(Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", queued.url(),
                    "QUARKUS_LAMBDA_HANDLER", "s3", "REMIX_S3_ENDPOINT_OVERRIDE", s3.endpoint().toString(),
                    "REMIX_S3_PATH_STYLE", "true", "REMIX_INPUT_ALLOW_HTTP", "true", "REMIX_S3_PROMPT", "bench",
                    "REMIX_S3_REFERENCE_IMAGE", "s3://" + bucket + "/references/hero.png",
                    "AWS_ACCESS_KEY_ID", S3StandIn.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3StandIn.SECRET_KEY));
            env.put("REMIX_JOB_LAMBDA_SAFETY_MARGIN", "PT0.5S");
            java.util.concurrent.BlockingQueue<Integer> idle = new java.util.concurrent.LinkedBlockingQueue<>();
            for (int i = 0; i < environments; i++) {
                LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn();
                runtime.deadline(invocationMillis);
                runtimes.add(runtime);
                functions.add(PackagedFunction.start(zip("events"), runtimeClient, runtime, env, JVM));
                idle.add(i);
            }
            for (int i = 0; i < environments; i++) {
                functions.get(i).await(runtimes.get(i).firstPoll(), Duration.ofSeconds(60));
            }
            SqsEventSourceMapping mapping = new SqsEventSourceMapping(event -> {
                Integer environment = null;
                try {
                    environment = idle.take();
                    return functions.get(environment).await(runtimes.get(environment).invoke(event),
                            Duration.ofSeconds(60)).body();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    if (environment != null) {
                        idle.add(environment);
                    }
                }
            }, environments, Duration.ofMillis(500), 100);
            for (int i = 0; i < uploads; i++) {
                String key = "inputs/batch-" + i + ".png";
                var put = s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(new byte[8]));
                mapping.send(S3Events.notification(bucket, key, 8, put.eTag()));
            }
            long start = System.nanoTime();
            boolean drained = mapping.drain(Duration.ofMinutes(5));
            double wall = (System.nanoTime() - start) / 1e6;
            long results = 0;
            for (int i = 0; i < uploads; i++) {
                String key = "results/inputs/batch-" + i + ".png/result.json";
                try {
                    s3.client().headObject(b -> b.bucket(bucket).key(key));
                    results++;
                } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
                    // counted as missing
                }
            }
            double floor = uploads * jobTime.toMillis() / (double) concurrency;
            row(String.format(Locale.ROOT, "batch through the queue: %d uploads, fal runs %d at once, %d ms a job, "
                    + "%d environments, %d ms invocations", uploads, concurrency, jobTime.toMillis(), environments,
                    invocationMillis), String.format(Locale.ROOT, "wall %.1f s; %d/%d results%s; fal submits per upload "
                    + "**%.2f**; status requests per job %.1f; cancels %d; redeliveries %d; Lambda time per upload "
                    + "%.2f s", wall / 1000, results, uploads, drained ? "" : " (not drained)",
                    queued.submits.get() / (double) uploads, queued.statusChecks.get() / (double) uploads,
                    queued.cancels.get(), mapping.redeliveries.get(),
                    mapping.invocationMillis.get() / 1000.0 / uploads),
                    String.format(Locale.ROOT, "floor N·T/C = %.1f s; dead letters %d", floor / 1000,
                            mapping.deadLetters().size()));
        } finally {
            functions.forEach(PackagedFunction::close);
            runtimes.forEach(LambdaRuntimeStandIn::close);
        }
    }

    /**
     * The request parser and validator (every trigger's path) against maximal hostile bodies of 6 MiB, Lambda's
     * synchronous payload limit: time to reject each, and the size of the answer (the problem document's detail and
     * errors, which repeat the violations).
     */
    void hostileBodies() throws Exception {
        int size = 6 * 1024 * 1024;
        String required = "\"prompt\": \"x\", \"image_url\": \"https://v3.fal.media/a.png\"";
        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("40 k empty references", "{" + required + ", \"reference_image_urls\": [" + repeat("\"\"", ",", size) + "]}");
        bodies.put("null references", "{" + required + ", \"reference_image_urls\": [" + repeat("null", ",", size) + "]}");
        bodies.put("nested style codes", "{" + required + ", \"style_codes\": [" + repeat("[]", ",", size) + "]}");
        StringBuilder unknown = new StringBuilder("{" + required);
        for (int i = 0; unknown.length() < size; i++) {
            unknown.append(", \"x").append(i).append("\": 0");
        }
        bodies.put("unknown fields", unknown.append('}').toString());
        // Just under the cap on values, each as costly as it can be within 6 MiB.
        bodies.put("1 900 references of 3.3 KB", "{" + required + ", \"reference_image_urls\": ["
                + repeat("\"https://v3.fal.media/" + "a".repeat(3_300) + "\"", ",", size) + "]}");
        StringBuilder named = new StringBuilder("{" + required);
        for (int i = 0; i < 950; i++) {
            named.append(", \"").append(i).append("a".repeat(6_500)).append("\": 0");
        }
        bodies.put("950 unknown fields of 6.5 KB names", named.append('}').toString());
        bodies.put("a 6 MiB prompt", "{\"prompt\": \"" + "a".repeat(size) + "\"}");
        bodies.put("deep nesting", "{\"image_size\": " + "[".repeat(size / 2) + "]".repeat(size / 2) + "}");

        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        dev.characterremix.request.RemixRequestParser parser = new dev.characterremix.request.RemixRequestParser(mapper);
        dev.characterremix.request.RemixRequestValidator validator = new dev.characterremix.request.RemixRequestValidator(
                jakarta.validation.Validation.buildDefaultValidatorFactory(),
                dev.characterremix.request.constraints.ImageReferencePolicy.DEFAULT);
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            byte[] bytes = body.getValue().getBytes(StandardCharsets.UTF_8);
            int runs = 100;
            double[] millis = new double[runs];
            int answer = 0;
            for (int i = -5; i < runs; i++) {
                long start = System.nanoTime();
                try {
                    validator.validate(parser.parse(bytes));
                } catch (dev.characterremix.error.ValidationError e) {
                    List<Map<String, String>> errors = e.violations().stream()
                            .map(v -> Map.of("field", v.field(), "message", v.describe())).toList();
                    answer = mapper.writeValueAsBytes(Map.of("detail", e.getMessage(), "errors", errors)).length;
                }
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - start) / 1e6;
                }
            }
            row("reject a hostile body of " + mb(bytes.length) + ": " + body.getKey() + ", p50 / p99 (100 runs)",
                    ms(median(millis)) + " / " + ms(percentile(millis, 99)) + "; answer " + answer + " bytes",
                    "targets: p99 ≤ 50 ms, answer ≤ 16 KB");
        }
    }

    private static String repeat(String item, String separator, int size) {
        StringBuilder out = new StringBuilder(size + 16);
        while (out.length() < size) {
            out.append(out.length() == 0 ? "" : separator).append(item);
        }
        return out.toString();
    }

    private void print() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 2)).orElse("?");
        StringBuilder out = new StringBuilder("\n| measure | result | compared with |\n|---|---|---|\n");
        for (String[] row : rows) {
            out.append("| ").append(row[0]).append(" | ").append(row[1]).append(" | ").append(row[2]).append(" |\n");
        }
        out.append("\nMachine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ").append(cpu)
                .append(", Java ").append(System.getProperty("java.version")).append(", JVM zips with ").append(JVM)
                .append('\n');
        System.out.println(out);
    }

    static double rss(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024.0;
            }
        }
        return Double.NaN;
    }

    static List<String> jvmOptions(String extra) {
        List<String> options = new ArrayList<>(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        Arrays.stream(extra.trim().split("\\s+")).filter(option -> !option.isEmpty()).forEach(options::add);
        return List.copyOf(options);
    }

    static double median(double[] values) {
        return percentile(values, 50);
    }

    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f ms", value);
    }

    static String mb(double bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1024 / 1024);
    }

    static String ratio(double ours, double bare) {
        return String.format(Locale.ROOT, "%.2f×", ours / bare);
    }
}
