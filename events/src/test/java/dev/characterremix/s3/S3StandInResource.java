package dev.characterremix.s3;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * TEST ONLY: starts the {@link S3StandIn} for a {@code @QuarkusTest}, creates the upload bucket and points the
 * function's AWS SDK client at it (static credentials through the SDK's system properties).
 */
public class S3StandInResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "remix-uploads";

    private S3StandIn s3;

    @Override
    public Map<String, String> start() {
        try {
            s3 = S3StandIn.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        s3.client().createBucket(b -> b.bucket(BUCKET));
        System.setProperty("aws.region", S3StandIn.REGION);
        System.setProperty("aws.accessKeyId", S3StandIn.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3StandIn.SECRET_KEY);
        return Map.of("remix.s3.endpoint-override", s3.endpoint().toString(), "remix.s3.path-style", "true");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(s3, new TestInjector.MatchesType(S3StandIn.class));
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
    }
}
