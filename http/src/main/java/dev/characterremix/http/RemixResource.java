package dev.characterremix.http;

import java.time.Duration;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;

import dev.characterremix.caller.Caller;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.http.caller.HttpCallers;
import dev.characterremix.http.caller.JobHandles;
import dev.characterremix.idempotency.IdempotencyKey;
import dev.characterremix.job.JobConfig;
import dev.characterremix.job.JobStatus;
import dev.characterremix.job.RemixResult;
import dev.characterremix.job.RemixService;
import dev.characterremix.jobends.JobEnds;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.request.RemixRequestParser;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The remix HTTP API. A remix waits for its result up to a budget under API Gateway's 30-second limit and otherwise
 * answers 202 with the job's address, so a paid job is never lost to a gateway timeout.
 */
// Its methods and their annotations are read at run time for 405 answers (ResourceRoutes), natively too.
@RegisterForReflection(methods = true)
@Path("/v1/remix")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Remix", description = "Remix a consistent character into new scenes, and follow the jobs")
public class RemixResource {

    private static final Logger LOG = Logger.getLogger(RemixResource.class);
    private static final String JOBS = "/v1/remix/jobs/";
    /** The IETF draft's header: one paid request per key, whatever the retries. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String IDEMPOTENCY_KEY_DOC = "A key of your choosing for this paid request (a UUID): a retry "
            + "with the same key and body answers the same job instead of paying for another; kept 24 h; the same key "
            + "with another body is 422";
    /** Set on an answer that is an earlier attempt's job, as Stripe's API does. */
    static final String REPLAYED = "Idempotent-Replayed";

    private final RemixService jobs;
    private final RemixRequestParser parser;
    private final JobHandles handles;
    private final HttpConfig config;
    private final JobConfig jobConfig;
    private final JobEnds ends;

    @Inject
    public RemixResource(RemixService jobs, RemixRequestParser parser, JobHandles handles, HttpConfig config,
            JobConfig jobConfig, JobEnds ends) {
        this.ends = ends;
        this.jobs = jobs;
        this.parser = parser;
        this.handles = handles;
        this.config = config;
        this.jobConfig = jobConfig;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "remix", summary = "Remix and wait", description = "Validates the request, queues it on "
            + "fal and waits for the result up to REMIX_HTTP_WAIT_FOR (25 s), or as long as `Prefer: wait=<seconds>` "
            + "asks (at most that; `Prefer: respond-async` does not wait). Done by then: 200 with the job, COMPLETED "
            + "with its result. Not done: 202 with the job and its Location to poll; a paid job is never lost.")
    @APIResponse(responseCode = "200", description = "The job, COMPLETED, with the images and seed",
            content = @Content(schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "202", description = "Still running: poll the Location", headers = {
            @Header(name = "Location", description = "The job's address, /v1/remix/jobs/{job_id}",
                    schema = @Schema(type = SchemaType.STRING)),
            @Header(name = PreferWait.APPLIED, description = "wait=<seconds> when a Prefer: wait was honoured",
                    schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(schema = @Schema(implementation = Job.class)))
    public Response remix(
            @RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = RemixRequest.class),
                            examples = @ExampleObject(name = "required fields", value = EXAMPLE))) byte[] body,
            @Parameter(name = PreferWait.HEADER, in = ParameterIn.HEADER, description = "RFC 7240: wait=<seconds> "
                    + "(how long to wait for the result), or respond-async (not at all)",
                    schema = @Schema(type = SchemaType.STRING)) @HeaderParam(PreferWait.HEADER) String prefer,
            @Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY_DOC,
                    schema = @Schema(type = SchemaType.STRING,
                            maxLength = IdempotencyKey.MAX_CHARS)) @HeaderParam(IDEMPOTENCY_KEY) String key,
            @jakarta.ws.rs.core.Context Context lambda, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        return queue(body, prefer, key, lambda, HttpCallers.of(context), true);
    }

    @POST
    @Path("/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "queueRemix", summary = "Queue a remix", description = "Validates and queues the "
            + "request and answers at once with 202 and the job's Location, unless `Prefer: wait=<seconds>` asks it to "
            + "wait for the result: then 200 with the COMPLETED job when it is done in time.")
    @APIResponse(responseCode = "200", description = "Asked to wait (Prefer: wait) and done in time: the COMPLETED job",
            content = @Content(schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "202", description = "Queued: poll the Location", headers = {
            @Header(name = "Location", description = "The job's address, /v1/remix/jobs/{job_id}",
                    schema = @Schema(type = SchemaType.STRING)),
            @Header(name = PreferWait.APPLIED, description = "wait=<seconds> when a Prefer: wait was honoured",
                    schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(schema = @Schema(implementation = Job.class)))
    public Response submit(
            @RequestBody(required = true,
                    content = @Content(schema = @Schema(implementation = RemixRequest.class),
                            examples = @ExampleObject(name = "required fields", value = EXAMPLE))) byte[] body,
            @Parameter(name = PreferWait.HEADER, in = ParameterIn.HEADER, description = "RFC 7240: wait=<seconds> "
                    + "to wait for the result; by default the answer comes at once",
                    schema = @Schema(type = SchemaType.STRING)) @HeaderParam(PreferWait.HEADER) String prefer,
            @Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER, description = IDEMPOTENCY_KEY_DOC,
                    schema = @Schema(type = SchemaType.STRING,
                            maxLength = IdempotencyKey.MAX_CHARS)) @HeaderParam(IDEMPOTENCY_KEY) String key,
            @jakarta.ws.rs.core.Context Context lambda, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        return queue(body, prefer, key, lambda, HttpCallers.of(context), false);
    }

    @GET
    @Path("/jobs/{id}")
    @Operation(operationId = "getJob", summary = "A job's status", description = "IN_QUEUE (with its queue "
            + "position), IN_PROGRESS, COMPLETED (with the result), FAILED (with the error) or CANCELLED.")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Job job(@PathParam("id") String jobId, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        String requestId = requestId(jobId, context);
        Optional<RemixResult> recorded = ends.completed(requestId);
        if (recorded.isPresent()) {
            // fal's webhook reported the end: no call to fal.
            return view(jobId, new JobStatus(requestId, JobStatus.State.COMPLETED, null, recorded.get(), null),
                    RequestIds.of(context));
        }
        JobStatus status;
        try {
            status = jobs.check(requestId);
        } catch (UpstreamError e) {
            throw e.status() == 404 ? new UnknownJobException(jobId) : e;
        }
        return view(jobId, status, RequestIds.of(context));
    }

    @DELETE
    @Path("/jobs/{id}")
    @Operation(operationId = "cancelJob", summary = "Cancel a job", description = "202 with the job, "
            + "CANCELLATION_REQUESTED, when fal takes the cancel (the job then ends CANCELLED); 409 when it is done.")
    @APIResponse(responseCode = "202", description = "fal took the cancel",
            content = @Content(schema = @Schema(implementation = Job.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Already completed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@PathParam("id") String jobId, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        String requestId = requestId(jobId, context);
        return switch (jobs.cancel(requestId)) {
            case CANCELLATION_REQUESTED -> Response.accepted(
                    new Job(jobId, JobState.CANCELLATION_REQUESTED, null, null, null, requestId)).build();
            case ALREADY_COMPLETED -> throw new JobAlreadyCompletedException(jobId, requestId);
            case NOT_FOUND -> throw new UnknownJobException(jobId);
        };
    }

    /**
     * Validates and queues the request, then waits as long as the caller's {@code Prefer} asks, or when it asks
     * nothing, the configured wait ({@code waitByDefault}) or not at all; never past REMIX_HTTP_WAIT_FOR or the
     * Lambda's remaining time.
     */
    private Response queue(byte[] body, String prefer, String key, Context lambda, Caller caller,
            boolean waitByDefault) {
        IdempotencyKey idempotency = key == null ? null : IdempotencyKey.of(key, IDEMPOTENCY_KEY);
        RemixRequest request = read(body);
        Optional<Duration> asked = PreferWait.of(prefer);
        Duration budget = waitBudget(lambda);
        Duration wait = asked.map(seconds -> min(seconds, budget)).orElse(waitByDefault ? budget : Duration.ZERO);
        // With ends recorded, fal posts the job's end to the webhook route, so a later GET need not ask fal.
        RemixService.Submitted submitted = jobs.submitOnce(request, caller, idempotency,
                ends.enabled() ? JobEnds.PURPOSE : null);
        Response answer = answer(submitted.falRequestId(), caller, wait, asked);
        return submitted.replayed() ? Response.fromResponse(answer).header(REPLAYED, "true").build() : answer;
    }

    /**
     * Waits up to {@code wait} for a job fal has accepted: 200 with the job once COMPLETED (or CANCELLED), the job's
     * error once FAILED, and otherwise 202 with its address. A transient failure while waiting also answers 202: fal
     * accepted (and will bill) the job, so the caller gets its address rather than an error.
     */
    private Response answer(String requestId, Caller caller, Duration wait, Optional<Duration> asked) {
        JobStatus status;
        try {
            status = wait.isZero()
                    ? new JobStatus(requestId, JobStatus.State.IN_QUEUE, null, null, null)
                    : jobs.await(requestId, wait);
        } catch (UpstreamUnavailableError e) {
            LOG.warnf("fal job %s: status unknown for now (%s); answering 202", requestId, e.getMessage());
            status = new JobStatus(requestId, JobStatus.State.IN_QUEUE, null, null, null);
        }
        if (status.state() == JobStatus.State.FAILED) {
            throw status.error();
        }
        String jobId = handles.issue(requestId, caller);
        Response.ResponseBuilder response = status.done()
                ? Response.ok(view(jobId, status, null))
                // A relative reference (RFC 9110): right behind API Gateway, a proxy or HTTP/2 alike.
                : Response.accepted(view(jobId, status, null)).header(HttpHeaders.LOCATION, JOBS + jobId);
        asked.ifPresent(ignored -> response.header(PreferWait.APPLIED, "wait=" + wait.toSeconds()));
        return response.build();
    }

    private RemixRequest read(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedRequestException("The request body is empty; send the remix request as JSON");
        }
        if (body.length > config.maxBodyBytes()) {
            throw new WebApplicationException(Response.Status.REQUEST_ENTITY_TOO_LARGE);
        }
        RemixRequestParser.Parsed parsed = parser.parse(body);
        if (parsed.malformed()) {
            throw new MalformedRequestException(parsed.problems().get(parsed.problems().size() - 1).message()
                    .replaceFirst("^must be valid JSON: ", "The body is not valid JSON: ")
                    .replaceFirst("^must be JSON in UTF-8", "The body must be JSON in UTF-8"));
        }
        return jobs.accept(parsed);
    }

    /** fal's request id behind a job id of this caller's; an id of anyone else's is as unknown as a made-up one. */
    private String requestId(String jobId, ContainerRequestContext context) {
        return handles.open(jobId, HttpCallers.of(context)).orElseThrow(() -> new UnknownJobException(jobId));
    }

    private static Job view(String jobId, JobStatus status, String httpRequestId) {
        return new Job(jobId, JobState.valueOf(status.state().name()), status.queuePosition(), status.result(),
                status.error() == null ? null : ErrorMappers.problem(status.error(), httpRequestId),
                status.requestId());
    }

    /** The configured wait, cut short by the Lambda's remaining time (less the safety margin). */
    private Duration waitBudget(Context lambda) {
        return min(jobConfig.budget(lambda == null ? 0 : lambda.getRemainingTimeInMillis()), config.waitFor());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    static final String EXAMPLE = """
            {"prompt": "The mascot surfing a huge wave at sunset",
             "image_url": "https://v3.fal.media/files/panda/mcxydS-_4ZjfBWFtgoo2z_XHLsl7khq6dC6Qp3cIdJl08rG0I.avif",
             "reference_image_urls": ["https://v3.fal.media/files/kangaroo/0rinwnj_Kn9Fsu2dK-aKm_image.png"]}""";
}
