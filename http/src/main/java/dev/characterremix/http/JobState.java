package dev.characterremix.http;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where a job stands. CANCELLATION_REQUESTED answers a cancel; the job then ends CANCELLED (or COMPLETED). */
@Schema(description = "IN_QUEUE and IN_PROGRESS: poll again; COMPLETED: see result; FAILED: see error; "
        + "CANCELLATION_REQUESTED: a cancel was accepted; CANCELLED: the job was cancelled")
public enum JobState {
    IN_QUEUE, IN_PROGRESS, COMPLETED, FAILED, CANCELLATION_REQUESTED, CANCELLED
}
