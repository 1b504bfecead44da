package dev.characterremix.metrics;

import java.time.Duration;

/**
 * How a job ended, as far as this invocation saw it.
 *
 * @param latency from the trigger's start (the call, the HTTP request, the S3 upload) to the outcome; null if unknown
 * @param queueWait how long the job waited in fal's queue; null if unknown
 * @param runTime how long fal ran it (fal's own inference time when it reports one); null if unknown
 * @param falRequests the calls to fal this invocation made for the job (submit, status polls, result, cancel)
 */
public record JobEnd(String falRequestId, Outcome outcome, int images, String errorType, Duration latency,
        Duration queueWait, Duration runTime, int falRequests) {

    public enum Outcome {
        COMPLETED, FAILED, CANCELLED
    }
}
