package dev.characterremix.bench;

import static dev.characterremix.bench.Stats.mb;
import static dev.characterremix.bench.Stats.ms;

import java.util.Map;

import dev.characterremix.testing.Fixtures;

/** Warm invocations: the overhead over a bare handler and a raw fal round trip, fal requests per job, resident memory. */
final class WarmOverhead extends BenchPart {

    WarmOverhead(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "warm";
    }

    @Override
    public void run() throws Exception {
        fal.completeAfter(0, 0);
        String direct = Fixtures.text("events/direct-invoke.json");
        double[] ours = warm(zip("events"), Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(),
                "QUARKUS_LAMBDA_HANDLER", "remix"), direct, true);
        double[] bare = warm(zip("bench/baseline-events"), Map.of(), direct, false);
        double[] raw = rawFalRoundTrips(direct);
        row("warm direct invocation, p50 / p99 over " + WARM_INVOCATIONS, ms(ours[0]) + " / " + ms(ours[1]),
                "bare handler (Runtime API plumbing): " + ms(bare[0]) + " / " + ms(bare[1]));
        row("raw fal round trip (submit + status + result, same stand-in), p50 / p99", ms(raw[0]) + " / " + ms(raw[1]),
                "");
        row("warm overhead = ours − bare − raw fal, p50 / p99", ms(ours[0] - bare[0] - raw[0]) + " / "
                + ms(ours[1] - bare[1] - raw[1]), "target ≤ 2 ms p50");
        row("resident memory (VmRSS) after " + WARM_INVOCATIONS + " invocations", mb(ours[2]), "bare: " + mb(bare[2]));
    }
}
