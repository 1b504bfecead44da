package dev.characterremix.s3;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The AWS SDK v2 S3 client and presigner. Region and credentials come from the SDK's default chains (on Lambda:
 * {@code AWS_REGION} and the function's role); the endpoint can point at an S3-compatible server.
 */
@ApplicationScoped
public class S3Clients {

    @Produces
    @ApplicationScoped
    S3Client s3(S3Config config) {
        var builder = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .forcePathStyle(config.pathStyle());
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Produces
    @ApplicationScoped
    S3Presigner presigner(S3Config config) {
        var builder = S3Presigner.builder()
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build());
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes S3Client s3) {
        s3.close();
    }

    void close(@Disposes S3Presigner presigner) {
        presigner.close();
    }
}
