package dev.characterremix.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 stand-in keeps the guarantee the claims rely on: of racing conditional creates, exactly one wins. */
class S3StandInTest {

    @Test
    void exactlyOneOfEightConcurrentConditionalCreatesWins() throws Exception {
        try (S3StandIn s3 = S3StandIn.start()) {
            s3.client().createBucket(b -> b.bucket("race-bucket"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                for (int round = 0; round < 3; round++) {
                    String key = "claims/k" + round;
                    List<Callable<Integer>> writers = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        writers.add(() -> {
                            try {
                                s3.client().putObject(b -> b.bucket("race-bucket").key(key).ifNoneMatch("*"),
                                        RequestBody.fromString("mine"));
                                return 200;
                            } catch (S3Exception e) {
                                return e.statusCode();
                            }
                        });
                    }
                    List<Integer> statuses = new ArrayList<>();
                    for (Future<Integer> status : pool.invokeAll(writers)) {
                        statuses.add(status.get());
                    }
                    assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
                    assertThat(statuses).filteredOn(status -> status != 200).containsOnly(412);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
