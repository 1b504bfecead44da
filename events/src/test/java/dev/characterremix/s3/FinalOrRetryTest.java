package dev.characterremix.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.characterremix.error.LimitReachedError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.error.ValidationError;
import dev.characterremix.error.Violation;

/** Which failures end an upload (error.json) and which hand it out again. */
class FinalOrRetryTest {

    @Test
    void aSpentDailyLimitEndsTheUploadInsteadOfRetryingItIntoTheDeadLetterQueue() {
        assertThat(S3Remix.mayPass(new LimitReachedError("max_images_per_day", Duration.ofHours(3), "spent")))
                .isFalse();
    }

    @Test
    void invalidRequestsAndFalsOwnFailuresAreFinalWhileOutagesMayPass() {
        assertThat(S3Remix.mayPass(new ValidationError(ValidationError.Source.REQUEST,
                List.of(Violation.of("prompt", "is required"))))).isFalse();
        assertThat(S3Remix.mayPass(new UpstreamError(500, "internal", "fal failed"))).isFalse();
        assertThat(S3Remix.mayPass(new UpstreamUnavailableError(503, false, null, "fal is down", null))).isTrue();
        assertThat(S3Remix.mayPass(new IllegalStateException("ours"))).isTrue();
    }
}
