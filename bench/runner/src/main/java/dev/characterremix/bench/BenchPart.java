package dev.characterremix.bench;

import static dev.characterremix.bench.Stats.median;
import static dev.characterremix.bench.Stats.ms;
import static dev.characterremix.bench.Stats.percentile;
import static dev.characterremix.bench.Stats.ratio;
import static dev.characterremix.bench.Stats.rss;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.PackagedFunction;

/**
 * One part of the benchmark: it runs the packaged zips the way AWS runs them and adds its rows to the one table. The
 * helpers the parts share (a zip's path, warm invocations, fal's own round trip, cold starts) live here.
 */
abstract class BenchPart {

    /** The Terraform's JAVA_TOOL_OPTIONS, plus -Dbench.jvmOptions (e.g. a profiler agent) for every zip alike. */
    static final List<String> JVM = jvmOptions(System.getProperty("bench.jvmOptions", ""));

    static final int COLD_RUNS = Integer.getInteger("bench.coldRuns", 7);

    /** The Terraform's default memory size, which sets a Lambda function's share of a vCPU. */
    static final int LAMBDA_MEMORY_MB = Integer.getInteger("bench.memoryMb", 512);

    static final int WARM_INVOCATIONS = Integer.getInteger("bench.invocations", 1000);

    /** What every part shares: the project, the Runtime Interface Client, the fal stand-in and the table. */
    record Context(Path root, Path runtimeClient, InstantFal fal, List<String[]> rows) {
    }

    protected final Path root;
    protected final Path runtimeClient;
    protected final InstantFal fal;
    private final List<String[]> rows;

    BenchPart(Context context) {
        this.root = context.root();
        this.runtimeClient = context.runtimeClient();
        this.fal = context.fal();
        this.rows = context.rows();
    }

    /** The part's name in {@code -Dbench.only}. */
    public abstract String name();

    /** Measures, and adds the part's rows to the table. */
    public abstract void run() throws Exception;

    protected Path zip(String module) {
        return root.resolve(module).resolve("target/function.zip");
    }

    protected void row(String what, String value, String note) {
        rows.add(new String[] { what, value, note });
        System.out.printf("%s: %s %s%n", what, value, note);
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
                        "submit + status stream + result");
            }
            return new double[] { percentile(times, 50), percentile(times, 99),
                    rss(function.process().pid(), "VmRSS") };
        }
    }

    /** The same three calls the function makes, made directly, to take fal's own time out of the overhead. */
    double[] rawFalRoundTrips(String event) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        double[] times = new double[WARM_INVOCATIONS];
        for (int i = -200; i < WARM_INVOCATIONS; i++) {
            long start = System.nanoTime();
            String submit = http.send(HttpRequest.newBuilder(URI.create(fal.url() + "/fal-ai/ideogram/character/remix"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event))
                    .build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String id = Fixtures.MAPPER.readTree(submit).get("request_id").asText();
            String base = fal.url() + "/fal-ai/ideogram/requests/" + id;
            http.send(HttpRequest.newBuilder(URI.create(base + "/status/stream?logs=0"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
            http.send(HttpRequest.newBuilder(URI.create(base)).build(), HttpResponse.BodyHandlers.ofString());
            if (i >= 0) {
                times[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return new double[] { percentile(times, 50), percentile(times, 99) };
    }

    protected static Cold add(List<Cold> series, Cold cold) {
        series.add(cold);
        return cold;
    }

    protected void coldRow(String what, Cold ours, Cold bare) {
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

    static List<String> jvmOptions(String extra) {
        List<String> options = new ArrayList<>(List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
        Arrays.stream(extra.trim().split("\\s+")).filter(option -> !option.isEmpty()).forEach(options::add);
        return List.copyOf(options);
    }
}
