package dev.characterremix.bench;

import static dev.characterremix.bench.Stats.mb;
import static dev.characterremix.bench.Stats.median;
import static dev.characterremix.bench.Stats.ms;
import static dev.characterremix.bench.Stats.ratio;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.SecretsManagerStandIn;

/** SnapStart restores emulated with CRIU against bare functions, and a fal key rotated after the snapshot. */
final class SnapStartRestore extends BenchPart {

    SnapStartRestore(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "snapstart";
    }

    /**
     * SnapStart emulated with CRIU: each zip and its bare baseline snapshotted once after init (priming included),
     * then restored again and again, interleaved with fresh starts of the same environments; and two environments
     * restored from one snapshot checked for what must differ between them.
     */
    @Override
    public void run() throws Exception {
        Optional<SnapStartEmulation> found = SnapStartEmulation.find(runtimeClient);
        if (found.isEmpty()) {
            row("SnapStart emulation (CRIU): restore → first answer", "not measured", "needs CRIU 4.1 or later and "
                    + "root: build it from github.com/checkpoint-restore/criu (make criu), then -Dbench.criu=<it>");
            return;
        }
        SnapStartEmulation emulation = found.get();
        fal.completeAfter(0, 0);
        int restores = Integer.getInteger("bench.snapRestores", 5);
        Path direct = Files.writeString(Files.createTempFile("direct", ".json"),
                Fixtures.text("events/direct-invoke.json"));
        // The caller sends no X-Request-Id: the function makes one (a UUID), which must differ per environment.
        com.fasterxml.jackson.databind.node.ObjectNode apiEvent = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.MAPPER
                .readTree(root.resolve("http/src/test/resources/events/apigw-http-v2-post-remix.json")
                        .toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) apiEvent.get("headers")).remove("x-request-id");
        Path http = Files.writeString(Files.createTempFile("http", ".json"), apiEvent.toString());
        Map<String, String> ours = Map.of("FAL_KEY", "bench", "FAL_QUEUE_URL", fal.url(), "QUARKUS_LAMBDA_HANDLER",
                "remix");
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
            double restored = median(
                    measured.restored.stream().mapToDouble(SnapStartEmulation.Answer::millis).toArray());
            double bareRestored = median(
                    bare.restored.stream().mapToDouble(SnapStartEmulation.Answer::millis).toArray());
            double fresh = median(measured.fresh.stream().mapToDouble(SnapStartEmulation.Answer::millis).toArray());
            double bareFresh = median(bare.fresh.stream().mapToDouble(SnapStartEmulation.Answer::millis).toArray());
            double inFunction = median(measured.restored.stream()
                    .mapToDouble(SnapStartEmulation.Answer::functionMillis).toArray());
            double bareInFunction = median(bare.restored.stream()
                    .mapToDouble(SnapStartEmulation.Answer::functionMillis).toArray());
            row("SnapStart emulation, " + measured.name
                    + ": restore → first answer / fresh start → first answer (median "
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
                    + "runtime wires them",
                    "before checkpoint: " + (snapshot.beforeCheckpointHook() ? "ran" : "NOT RUN")
                            + "; after restore: " + snapshot.afterRestoreHooks + " of " + restores + " environments",
                    "through the runtime client's hooks around restore/next");
        }
        for (Emulated each : all) {
            each.snapshot.delete();
        }
        keyRotatedAfterTheSnapshot(emulation, direct, restores);
        long distinct = requestIds.stream().distinct().count();
        row("SnapStart emulation, uniqueness: X-Request-Id of " + restores + " environments restored from one snapshot",
                distinct + " distinct of " + requestIds.size(),
                distinct == restores ? "none shared" : "SHARED: " + requestIds);
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
}
