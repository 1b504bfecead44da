package dev.characterremix.job;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import dev.characterremix.fal.FalImage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A finished remix: fal's images (public URLs that expire after about a week, or data URIs with {@code sync_mode}),
 * the seed that reproduces them, and fal's request id to trace the job.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RemixResult(List<FalImage> images, Long seed, String requestId) {
}
