package dev.characterremix.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.characterremix.s3.S3Events;
import dev.characterremix.s3.S3StandIn;
import dev.characterremix.s3.SqsEventSourceMapping;
import dev.characterremix.s3.WebhookRoute;
import dev.characterremix.testing.FunctionPool;
import dev.characterremix.testing.QueuedFal;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What an S3 upload costs in Lambda time and fal requests, waiting for its job ({@code upload_completion = "wait"})
 * and submitting and returning while fal's webhook writes the result ({@code "webhook"}): the packaged events zip as
 * the S3 function behind the queue's event source mapping and as the webhook function behind the HTTP API's route, a
 * fal that runs C jobs at once for T each and signs its webhooks.
 */
final class WebhookCompletion extends BenchPart {

    WebhookCompletion(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void run() throws Exception {
        int uploads = Integer.getInteger("bench.webhook.uploads", 12);
        Duration jobTime = Duration.ofMillis(Long.getLong("bench.webhook.jobMillis", 3000));
        // Without webhooks (no HTTP API), with them while uploads wait, and with them doing the waiting.
        measure(false, "wait", uploads, 3, jobTime);
        measure(true, "wait", uploads, 3, jobTime);
        measure(true, "webhook", uploads, 3, jobTime);
    }

    private void measure(boolean webhooksOn, String completion, int uploads, int concurrency, Duration jobTime)
            throws Exception {
        String bucket = "bench-webhook";
        try (S3StandIn s3 = S3StandIn.start();
                QueuedFal queued = new QueuedFal(concurrency, jobTime, "bench");
                WebhookRoute route = new WebhookRoute(null)) {
            s3.client().createBucket(b -> b.bucket(bucket));
            s3.client().putObject(b -> b.bucket(bucket).key("references/hero.png"), RequestBody.fromBytes(new byte[8]));
            Map<String, String> env = s3.functionEnvironment(bucket, queued.url(), "bench", "bench");
            if (webhooksOn) {
                env.put("REMIX_WEBHOOK_URL", route.url());
            }
            env.put("REMIX_WEBHOOK_JWKS_URL", queued.jwksUrl());
            env.put("REMIX_S3_COMPLETION", completion);
            Map<String, String> s3Env = new HashMap<>(env);
            s3Env.put("QUARKUS_LAMBDA_HANDLER", "s3");
            Map<String, String> webhookEnv = new HashMap<>(env);
            webhookEnv.put("QUARKUS_LAMBDA_HANDLER", "webhook");
            try (FunctionPool functions = FunctionPool.start(concurrency, zip("events"), runtimeClient, s3Env, JVM,
                    120_000);
                    FunctionPool webhooks = FunctionPool.start(2, zip("events"), runtimeClient, webhookEnv, JVM,
                            60_000)) {
                route.handler(webhooks::answer);
                // The visibility timeout scaled down as the rest: twice a job's time.
                SqsEventSourceMapping mapping = new SqsEventSourceMapping(functions::answer,
                        concurrency, jobTime.multipliedBy(2), 100);
                for (int i = 0; i < uploads; i++) {
                    String key = "inputs/webhook-" + i + ".png";
                    var put = s3.client().putObject(b -> b.bucket(bucket).key(key),
                            RequestBody.fromBytes(new byte[8]));
                    mapping.send(S3Events.notification(bucket, key, 8, put.eTag()));
                }
                long start = System.nanoTime();
                boolean drained = mapping.drain(Duration.ofMinutes(5));
                double wall = (System.nanoTime() - start) / 1e9;
                // Every job's webhook is delivered (and billed) before the environments stop, also when uploads waited.
                for (int i = 0; i < 100 && webhooksOn && queued.webhooks.answers.size() < queued.submits.get(); i++) {
                    Thread.sleep(100);
                }
                long results = s3.client().listObjectsV2(b -> b.bucket(bucket).prefix("results/")).contents()
                        .stream().filter(o -> o.key().endsWith("/result.json")).count();
                row(String.format(Locale.ROOT, "S3 uploads, %s: %d uploads, fal runs %d at once, %d ms a job",
                        webhooksOn ? "webhooks on, upload_completion \"" + completion + "\"" : "no webhooks", uploads,
                        concurrency, jobTime.toMillis()),
                        String.format(Locale.ROOT, "Lambda time per upload **%.2f s** (S3 function %.2f s in %d "
                                + "invocations, webhook function %.2f s in %d); fal requests per job **%.1f**",
                                (functions.billedMillis.get() + webhooks.billedMillis.get()) / 1000.0 / uploads,
                                functions.billedMillis.get() / 1000.0 / uploads, functions.invocations.get(),
                                webhooks.billedMillis.get() / 1000.0 / uploads, webhooks.invocations.get(),
                                queued.requests() / (double) uploads),
                        String.format(Locale.ROOT, "%d/%d results%s, wall %.1f s; submits %d", results, uploads,
                                drained ? "" : " (not drained)", wall, queued.submits.get()));
            }
        }
    }
}
