package dev.characterremix.s3;

import java.util.UUID;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * TEST ONLY: the Lambda context of one invocation that must end {@code millis} from its creation, as Lambda's runtime
 * reports it through {@link #getRemainingTimeInMillis()}.
 */
public final class FixedDeadlineContext implements Context {

    private final String requestId = UUID.randomUUID().toString();
    private final long deadline;

    public FixedDeadlineContext(long millis) {
        this.deadline = System.currentTimeMillis() + millis;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/remix-s3";
    }

    @Override
    public String getLogStreamName() {
        return "2026/11/26/[$LATEST]test";
    }

    @Override
    public String getFunctionName() {
        return "remix-s3";
    }

    @Override
    public String getFunctionVersion() {
        return "1";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:123456789012:function:remix-s3:live";
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) (deadline - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return 512;
    }

    @Override
    public LambdaLogger getLogger() {
        return null;
    }
}
