package dev.characterremix.bench;

import static dev.characterremix.bench.Stats.mb;
import static dev.characterremix.bench.Stats.rss;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.characterremix.s3.S3StandIn;
import dev.characterremix.testing.Fixtures;
import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.PackagedFunction;
import software.amazon.awssdk.core.sync.RequestBody;

/** Memory while the results of S3 uploads are copied from fal into the bucket. */
final class S3CopyMemory extends BenchPart {

    S3CopyMemory(Context context) {
        super(context);
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public void run() throws Exception {
        String bucket = "bench-uploads";
        try (S3StandIn s3 = S3StandIn.start(); LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn()) {
            s3.client().createBucket(b -> b.bucket(bucket));
            s3.client().putObject(b -> b.bucket(bucket).key("references/hero.png"), RequestBody.fromBytes(new byte[8]));
            Map<String, String> env = s3.functionEnvironment(bucket, fal.url(), "bench", "bench");
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

    private void upload(S3StandIn s3, String bucket, LambdaRuntimeStandIn runtime, PackagedFunction function,
            String name)
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
}
