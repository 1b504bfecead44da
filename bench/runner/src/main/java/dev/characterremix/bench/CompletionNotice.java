package dev.characterremix.bench;

import static dev.characterremix.bench.Stats.ms;
import static dev.characterremix.bench.Stats.percentile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.DoubleStream;

import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.PackagedFunction;

/**
 * How soon a job fal completed is noticed (fal ready → the function asks for the result), and how many fal requests a
 * job takes, for jobs of 0.3, 3 and 30 s: on fal's status stream and with polling (the stream turned off), in one run
 * against the same stand-in. Several environments run at once so the 30 s jobs take minutes, not a quarter of an hour.
 */
final class CompletionNotice extends BenchPart {

    /** Job length (ms) → jobs of that length per mode. */
    private static final Map<Long, Integer> JOBS = lengths();
    private static final int ENVIRONMENTS = 4;

    CompletionNotice(Context context) {
        super(context);
    }

    private static Map<Long, Integer> lengths() {
        Map<Long, Integer> jobs = new LinkedHashMap<>();
        jobs.put(300L, 40);
        jobs.put(3_000L, 20);
        jobs.put(30_000L, 8);
        return jobs;
    }

    @Override
    public String name() {
        return "notice";
    }

    @Override
    public void run() throws Exception {
        Map<Long, List<InstantFal.Job>> streamed = measure(true);
        Map<Long, List<InstantFal.Job>> polled = measure(false);
        for (long length : JOBS.keySet()) {
            row("fal requests per job of " + seconds(length) + ", status stream / polling (mean, max)",
                    requests(streamed.get(length)) + " / " + requests(polled.get(length)),
                    "target ≤ 4 at every length");
        }
        for (long length : JOBS.keySet()) {
            row("completion noticed after fal completed, jobs of " + seconds(length)
                    + ", status stream / polling (p50, p99)",
                    notice(streamed.get(length)) + " / " + notice(polled.get(length)), "target ≤ 20 ms p99");
        }
        double[] all = streamed.values().stream().flatMap(List::stream).mapToDouble(CompletionNotice::delay)
                .toArray();
        row("completion noticed on the status stream, every job (" + all.length + "), p50 / p99 / max",
                ms(percentile(all, 50)) + " / " + ms(percentile(all, 99)) + " / " + ms(percentile(all, 100)),
                "target ≤ 20 ms p99");
        fal.completeAfter(0, 0);
    }

    /** Runs each length's jobs over {@link #ENVIRONMENTS} environments, the status stream on or off. */
    private Map<Long, List<InstantFal.Job>> measure(boolean stream) throws Exception {
        String direct = Fixtures.text("events/direct-invoke.json");
        Map<String, String> env = Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(), "QUARKUS_LAMBDA_HANDLER",
                "remix", "REMIX_JOB_STATUS_STREAM_ENABLED", Boolean.toString(stream));
        List<LambdaRuntimeStandIn> runtimes = new ArrayList<>();
        List<PackagedFunction> functions = new ArrayList<>();
        Map<Long, List<InstantFal.Job>> jobs = new LinkedHashMap<>();
        try {
            fal.completeAfter(0, 0);
            for (int i = 0; i < ENVIRONMENTS; i++) {
                LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn();
                runtimes.add(runtime);
                PackagedFunction function = PackagedFunction.start(zip("events"), runtimeClient, runtime, env, JVM);
                functions.add(function);
                function.await(runtime.invoke(direct), Duration.ofSeconds(120));
            }
            for (Map.Entry<Long, Integer> length : JOBS.entrySet()) {
                fal.completeAfter(length.getKey(), length.getKey());
                fal.finished.clear();
                List<CompletableFuture<Void>> environments = new ArrayList<>();
                for (int i = 0; i < ENVIRONMENTS; i++) {
                    LambdaRuntimeStandIn runtime = runtimes.get(i);
                    PackagedFunction function = functions.get(i);
                    int count = length.getValue() / ENVIRONMENTS;
                    environments.add(CompletableFuture.runAsync(() -> {
                        for (int j = 0; j < count; j++) {
                            try {
                                function.await(runtime.invoke(direct), Duration.ofSeconds(120));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    }));
                }
                CompletableFuture.allOf(environments.toArray(CompletableFuture[]::new)).join();
                jobs.put(length.getKey(), List.copyOf(fal.finished));
            }
        } finally {
            for (PackagedFunction function : functions) {
                function.close();
            }
            for (LambdaRuntimeStandIn runtime : runtimes) {
                runtime.close();
            }
        }
        return jobs;
    }

    private static double delay(InstantFal.Job job) {
        return (job.noticedAt - job.readyAt) / 1e6;
    }

    private static String notice(List<InstantFal.Job> jobs) {
        double[] delays = jobs.stream().mapToDouble(CompletionNotice::delay).toArray();
        return ms(percentile(delays, 50)) + ", " + ms(percentile(delays, 99));
    }

    private static String requests(List<InstantFal.Job> jobs) {
        double[] requests = jobs.stream().mapToDouble(job -> job.requests.get()).toArray();
        return String.format(Locale.ROOT, "%.1f, %.0f", Arrays.stream(requests).average().orElse(0),
                DoubleStream.of(requests).max().orElse(0));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0).replace(".0 s", " s");
    }
}
