package dev.characterremix.bench;

import static dev.characterremix.bench.Stats.ms;
import static dev.characterremix.bench.Stats.percentile;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.PackagedFunction;

/** How soon a job fal completed is noticed, and how many fal requests a job of 0.3-3 s takes. */
final class CompletionNotice extends BenchPart {

    CompletionNotice(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "notice";
    }

    @Override
    public void run() throws Exception {
        fal.completeAfter(300, 3_000);
        String direct = Fixtures.text("events/direct-invoke.json");
        try (LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn();
                PackagedFunction function = PackagedFunction.start(zip("events"), runtimeClient, runtime,
                        Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(), "QUARKUS_LAMBDA_HANDLER", "remix"),
                        JVM)) {
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
}
