package dev.characterremix.bench;

import static dev.characterremix.bench.Stats.median;
import static dev.characterremix.bench.Stats.ms;
import static dev.characterremix.bench.Stats.ratio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.characterremix.testing.Fixtures;

/** What the JSON logs and EMF metrics cost, cold and warm. */
final class ObservabilityCost extends BenchPart {

    ObservabilityCost(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "observability";
    }

    /**
     * What the JSON logs and the EMF metrics cost, against the same zip with plain log lines and no metrics (the
     * function as it was before them), in the same run: cold starts interleaved, then warm invocations.
     */
    @Override
    public void run() throws Exception {
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
}
