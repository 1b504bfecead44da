package dev.characterremix.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.characterremix.testing.Fixtures;

/** Cold starts of both zips against bare Quarkus Lambda functions, interleaved; with a Lambda-like CPU share where the machine allows it. */
final class ColdStarts extends BenchPart {

    ColdStarts(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "cold";
    }

    @Override
    public void run() throws Exception {
        String direct = Fixtures.text("events/direct-invoke.json");
        String http = Files.readString(root.resolve("http/src/test/resources/events/apigw-http-v2-post-remix.json"));
        Map<String, String> ours = Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(), "QUARKUS_LAMBDA_HANDLER",
                "remix");
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
            Cold lambdaBare = cpu == null
                    ? null
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
}
