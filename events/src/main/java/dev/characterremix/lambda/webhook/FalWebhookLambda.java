package dev.characterremix.lambda.webhook;

import java.io.IOException;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.jboss.logging.Logger;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.error.Printable;
import dev.characterremix.lambda.LambdaLogContext;
import dev.characterremix.s3.S3Upload;
import dev.characterremix.s3.UploadPurpose;
import dev.characterremix.s3.webhook.UploadDeliveries;
import dev.characterremix.webhook.FalWebhookDelivery;
import dev.characterremix.webhook.FalWebhookVerifier;
import dev.characterremix.webhook.WebhookRefused;
import dev.characterremix.webhook.WebhookTargets;
import dev.characterremix.webhook.WebhookTokens;

/**
 * fal's webhook deliveries ({@code POST /v1/fal/webhook} of the HTTP API, a route of its own outside the callers'
 * authorization): a delivery is taken only when fal's signature verifies and its token is ours, and it names the
 * request id it was signed for. The token says what the job is for: an S3 upload ({@link UploadDeliveries} decides
 * what to write) or an HTTP job ({@link HttpJobDeliveries} records its end). Refusals write nothing.
 */
@Named("webhook")
public class FalWebhookLambda implements RequestHandler<HttpApiEvent, HttpApiAnswer> {

    private static final Logger LOG = Logger.getLogger(FalWebhookLambda.class);

    private final FalWebhookVerifier verifier;
    private final WebhookTokens tokens;
    private final UploadDeliveries uploads;
    private final HttpJobDeliveries httpJobs;
    private final ObjectMapper mapper;

    @Inject
    public FalWebhookLambda(FalWebhookVerifier verifier, WebhookTokens tokens, UploadDeliveries uploads,
            HttpJobDeliveries httpJobs, ObjectMapper mapper) {
        this.verifier = verifier;
        this.tokens = tokens;
        this.uploads = uploads;
        this.httpJobs = httpJobs;
        this.mapper = mapper;
    }

    @Override
    public HttpApiAnswer handleRequest(HttpApiEvent event, Context context) {
        LambdaLogContext.enter(context, "webhook");
        try {
            byte[] body = event.bodyBytes();
            String requestId = verifier.verify(event::header, body);
            String purpose = tokens.open(event.query(WebhookTargets.TOKEN))
                    .orElseThrow(() -> new WebhookRefused(403, "the token is not one of ours"));
            FalWebhookDelivery delivery = read(body);
            if (!requestId.equals(delivery.requestId())) {
                throw new WebhookRefused(400, "the body names another request than the signed one");
            }
            if (httpJobs.names(purpose)) {
                LambdaLogContext.trigger("http");
                return HttpApiAnswer.of(200, httpJobs.accept(delivery));
            }
            Optional<S3Upload> upload = UploadPurpose.upload(purpose, mapper);
            if (upload.isEmpty()) {
                throw new WebhookRefused(403, "the token names nothing this function knows");
            }
            // Its metrics count with the uploads' (Trigger s3), as when the S3 function writes the result.
            LambdaLogContext.trigger("s3");
            UploadDeliveries.Outcome outcome = uploads.accept(upload.get(), delivery,
                    context == null ? 0 : context.getRemainingTimeInMillis());
            return HttpApiAnswer.of(outcome.status, outcome.name().toLowerCase());
        } catch (WebhookRefused e) {
            LOG.warnf("refused a webhook delivery (%d): %s", e.status(), Printable.of(e.getMessage(), 300));
            return HttpApiAnswer.of(e.status(), e.status() == 400 ? "not a fal webhook delivery" : "refused");
        } finally {
            LambdaLogContext.exit();
        }
    }

    private FalWebhookDelivery read(byte[] body) {
        try {
            FalWebhookDelivery delivery = mapper.readValue(body, FalWebhookDelivery.class);
            if (delivery == null || delivery.requestId() == null) {
                throw new WebhookRefused(400, "the body names no request");
            }
            return delivery;
        } catch (IOException e) {
            throw new WebhookRefused(400, "the body is not JSON");
        }
    }
}
