package dev.characterremix.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import dev.characterremix.s3.S3Events;
import dev.characterremix.s3.S3StandIn;
import dev.characterremix.s3.SqsEventSourceMapping;
import dev.characterremix.testing.FunctionPool;
import dev.characterremix.testing.QueuedFal;
import software.amazon.awssdk.core.sync.RequestBody;

/** A batch of S3 uploads through the queue, at the fal account's concurrency. */
final class BatchUpload extends BenchPart {

    BatchUpload(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "batch";
    }

    /**
     * A batch upload through the queue, scaled down in time: N uploads, a fal that runs C jobs at once for T each,
     * C Lambda environments (the event source mapping's maximum concurrency) running the packaged zip, invocations
     * short enough that queued jobs outlive them and come back.
     */
    @Override
    public void run() throws Exception {
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
        try (S3StandIn s3 = S3StandIn.start(); QueuedFal queued = new QueuedFal(concurrency, jobTime, "bench")) {
            s3.client().createBucket(b -> b.bucket(bucket));
            s3.client().putObject(b -> b.bucket(bucket).key("references/hero.png"), RequestBody.fromBytes(new byte[8]));
            Map<String, String> env = s3.functionEnvironment(bucket, queued.url(), "bench", "bench");
            env.put("REMIX_JOB_LAMBDA_SAFETY_MARGIN", "PT0.5S");
            try (FunctionPool functions = FunctionPool.start(environments, zip("events"), runtimeClient, env, JVM,
                    invocationMillis)) {
                SqsEventSourceMapping mapping = new SqsEventSourceMapping(functions::answer, environments,
                        Duration.ofMillis(500), 100);
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
                        invocationMillis),
                        String.format(Locale.ROOT, "wall %.1f s; %d/%d results%s; fal submits per upload "
                                + "**%.2f**; status requests per job %.1f; cancels %d; redeliveries %d; Lambda time per upload "
                                + "%.2f s", wall / 1000, results, uploads, drained ? "" : " (not drained)",
                                queued.submits.get() / (double) uploads, queued.statusChecks.get() / (double) uploads,
                                queued.cancels.get(), mapping.redeliveries.get(),
                                mapping.invocationMillis.get() / 1000.0 / uploads),
                        String.format(Locale.ROOT, "floor N·T/C = %.1f s; dead letters %d", floor / 1000,
                                mapping.deadLetters().size()));
            }
        }
    }
}
