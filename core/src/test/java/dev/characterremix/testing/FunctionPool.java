package dev.characterremix.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TEST ONLY (tests and the benchmark): a function's Lambda environments, each the packaged zip under AWS's runtime
 * client with a Runtime API of its own, invoked as Lambda does: one invocation per environment at a time, on whichever
 * is idle. Counts the invocations and their billed time (request handed out to answer, as Lambda bills it).
 */
public final class FunctionPool implements AutoCloseable {

    private final List<PackagedFunction> functions = new ArrayList<>();
    private final List<LambdaRuntimeStandIn> runtimes = new ArrayList<>();
    private final BlockingQueue<Integer> idle = new LinkedBlockingQueue<>();
    public final AtomicInteger invocations = new AtomicInteger();
    public final AtomicLong billedMillis = new AtomicLong();

    /**
     * Starts {@code size} environments of {@code zip} with {@code env}, each invocation given {@code deadlineMillis},
     * and waits until every one has asked its Runtime API for work (initialised).
     */
    public static FunctionPool start(int size, Path zip, Path runtimeClient, Map<String, String> env,
            List<String> jvmOptions, long deadlineMillis) throws Exception {
        FunctionPool pool = new FunctionPool();
        try {
            for (int i = 0; i < size; i++) {
                LambdaRuntimeStandIn runtime = new LambdaRuntimeStandIn();
                runtime.deadline(deadlineMillis);
                pool.runtimes.add(runtime);
                pool.functions.add(PackagedFunction.start(zip, runtimeClient, runtime, env, jvmOptions));
            }
            for (int i = 0; i < size; i++) {
                pool.functions.get(i).await(pool.runtimes.get(i).firstPoll(), Duration.ofSeconds(90));
                pool.idle.add(i);
            }
            return pool;
        } catch (Exception | Error e) {
            pool.close();
            throw e;
        }
    }

    /** Invokes an idle environment with {@code event} (JSON) and returns its outcome. */
    public LambdaRuntimeStandIn.Outcome invoke(String event) throws Exception {
        int environment = idle.take();
        long start = System.nanoTime();
        try {
            return functions.get(environment).await(runtimes.get(environment).invoke(event), Duration.ofSeconds(90));
        } finally {
            invocations.incrementAndGet();
            billedMillis.addAndGet((System.nanoTime() - start) / 1_000_000);
            idle.add(environment);
        }
    }

    /**
     * Invokes an idle environment with {@code event} and returns its answer (JSON), as an event source or API Gateway
     * reads it; a function error is thrown (an {@link IllegalStateException} with the error's body).
     */
    public String answer(String event) {
        LambdaRuntimeStandIn.Outcome outcome;
        try {
            outcome = invoke(event);
        } catch (Exception | AssertionError e) {
            // A dead environment (its process gone) is a failed invocation to the caller, as Lambda reports it.
            throw new IllegalStateException(e);
        }
        if (outcome.failed()) {
            throw new IllegalStateException(outcome.body());
        }
        return outcome.body();
    }

    /** Every environment's output, for a failing test's message. */
    public String output() {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < functions.size(); i++) {
            all.append("--- environment ").append(i + 1).append(" ---\n").append(functions.get(i).output());
        }
        return all.toString();
    }

    /** The environments, for tests that read their logs or kill one. */
    public List<PackagedFunction> functions() {
        return functions;
    }

    @Override
    public void close() {
        functions.forEach(PackagedFunction::close);
        runtimes.forEach(LambdaRuntimeStandIn::close);
    }
}
