package dev.characterremix.http;

import java.net.URI;
import java.time.Duration;

import com.amazonaws.services.lambda.runtime.Context;

import dev.characterremix.error.RemixError;
import dev.characterremix.error.UpstreamError;
import dev.characterremix.error.UpstreamUnavailableError;
import dev.characterremix.fal.FalClient.CancelOutcome;
import dev.characterremix.job.FalJob;
import dev.characterremix.job.JobConfig;
import dev.characterremix.job.JobStatus;
import dev.characterremix.job.RemixResult;
import dev.characterremix.request.RemixRequest;
import dev.characterremix.request.RemixRequestParser;
import dev.characterremix.request.RemixRequestValidator;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * The remix HTTP API. A remix waits for its result up to a budget under API Gateway's 30-second limit and otherwise
 * answers 202 with the job's address, so a paid job is never lost to a gateway timeout.
 */
@Path("/v1/remix")
@Produces(MediaType.APPLICATION_JSON)
public class RemixResource {

    private static final Logger LOG = Logger.getLogger(RemixResource.class);
    private static final String JOBS = "/v1/remix/jobs/";

    private final RemixRequestParser parser;
    private final RemixRequestValidator validator;
    private final FalJob jobs;
    private final JobIds ids;
    private final HttpConfig config;
    private final JobConfig jobConfig;

    @Inject
    public RemixResource(RemixRequestParser parser, RemixRequestValidator validator, FalJob jobs, JobIds ids,
            HttpConfig config, JobConfig jobConfig) {
        this.parser = parser;
        this.validator = validator;
        this.jobs = jobs;
        this.ids = ids;
        this.config = config;
        this.jobConfig = jobConfig;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Remix and wait", description = "Validates the request, queues it on fal and waits for the "
            + "result up to REMIX_HTTP_WAIT_FOR (25 s). Not done by then: 202 with the job's address to poll.")
    @APIResponse(responseCode = "200", description = "The images and seed",
            content = @Content(schema = @Schema(implementation = RemixResult.class)))
    @APIResponse(responseCode = "202", description = "Still running; poll the Location",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "422", description = "The request breaks the schema; every violation is listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response remix(@RequestBody(content = @Content(schema = @Schema(implementation = RemixRequest.class),
            examples = @ExampleObject(name = "required fields", value = EXAMPLE))) byte[] body,
            @jakarta.ws.rs.core.Context Context lambda) {
        RemixRequest request = read(body);
        String requestId = jobs.submit(request);
        JobStatus status;
        try {
            status = jobs.await(requestId, waitBudget(lambda));
        } catch (UpstreamUnavailableError e) {
            // fal accepted (and will bill) the job: hand out its address rather than an error.
            LOG.warnf("fal job %s: status unknown for now (%s); answering 202", requestId, e.getMessage());
            status = new JobStatus(requestId, JobStatus.State.IN_QUEUE, null, null, null);
        }
        if (status.state() == JobStatus.State.COMPLETED) {
            return Response.ok(status.result()).build();
        }
        if (status.error() != null) {
            throw status.error();
        }
        return accepted(status);
    }

    @POST
    @Path("/jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a remix", description = "Validates and queues the request; answers at once.")
    @APIResponse(responseCode = "202", description = "Queued; poll the Location",
            content = @Content(schema = @Schema(implementation = JobView.class)))
    public Response submit(@RequestBody(content = @Content(schema = @Schema(implementation = RemixRequest.class),
            examples = @ExampleObject(name = "required fields", value = EXAMPLE))) byte[] body) {
        String requestId = jobs.submit(read(body));
        return accepted(new JobStatus(requestId, JobStatus.State.IN_QUEUE, null, null, null));
    }

    @GET
    @Path("/jobs/{id}")
    @Operation(summary = "A job's status", description = "IN_QUEUE (with queue position), IN_PROGRESS, COMPLETED "
            + "(with the result) or FAILED (with the error).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "404", description = "Unknown job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public JobView job(@PathParam("id") String jobId, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        String requestId = requestId(jobId);
        JobStatus status;
        try {
            status = jobs.check(requestId);
        } catch (UpstreamError e) {
            throw notFoundIf404(e, jobId);
        }
        return view(jobId, status, RequestIds.of(context));
    }

    @DELETE
    @Path("/jobs/{id}")
    @Operation(summary = "Cancel a job", description = "202 when fal takes the cancel, 409 when the job is done.")
    @APIResponse(responseCode = "202", content = @Content(schema = @Schema(implementation = JobView.class)))
    @APIResponse(responseCode = "409", description = "Already completed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@PathParam("id") String jobId, @jakarta.ws.rs.core.Context ContainerRequestContext context) {
        String requestId = requestId(jobId);
        CancelOutcome outcome = jobs.cancel(requestId);
        return switch (outcome) {
            case CANCELLATION_REQUESTED -> Response.accepted(
                    new JobView(jobId, outcome.name(), null, null, null, requestId)).build();
            case ALREADY_COMPLETED -> Response.status(409).type(Problem.MEDIA_TYPE).entity(new Problem(
                    Problem.TYPE_PREFIX + "AlreadyCompleted", "The job has already completed", 409,
                    "Job " + jobId + " has already completed; nothing to cancel", null, RequestIds.of(context),
                    requestId)).build();
            case NOT_FOUND -> throw new NotFoundException("No such job: " + jobId);
        };
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
                    .replaceFirst("^must be valid JSON: ", "The body is not valid JSON: "));
        }
        return validator.validate(parsed);
    }

    private String requestId(String jobId) {
        return ids.verify(jobId).orElseThrow(() -> new NotFoundException("No such job: " + jobId));
    }

    private Response accepted(JobStatus status) {
        String jobId = ids.issue(status.requestId());
        return Response.accepted(view(jobId, status, null)).location(URI.create(JOBS + jobId)).build();
    }

    private static JobView view(String jobId, JobStatus status, String httpRequestId) {
        return new JobView(jobId, status.state().name(), status.queuePosition(), status.result(),
                status.error() == null ? null : ErrorMappers.problem(status.error(), httpRequestId),
                status.requestId());
    }

    private static RuntimeException notFoundIf404(RemixError error, String jobId) {
        return error instanceof UpstreamError upstream && upstream.status() == 404
                ? new NotFoundException("No such job: " + jobId)
                : error;
    }

    /** The configured wait, cut short by the Lambda's remaining time (less the safety margin). */
    private Duration waitBudget(Context lambda) {
        Duration budget = jobConfig.budget(lambda == null ? 0 : lambda.getRemainingTimeInMillis());
        return budget.compareTo(config.waitFor()) < 0 ? budget : config.waitFor();
    }

    static final String EXAMPLE = """
            {"prompt": "The mascot surfing a huge wave at sunset",
             "image_url": "https://v3.fal.media/files/panda/mcxydS-_4ZjfBWFtgoo2z_XHLsl7khq6dC6Qp3cIdJl08rG0I.avif",
             "reference_image_urls": ["https://v3.fal.media/files/kangaroo/0rinwnj_Kn9Fsu2dK-aKm_image.png"]}""";
}
