package dev.characterremix.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * TEST ONLY: runs a module's {@code target/function.zip} the way AWS runs it, talking to a
 * {@link LambdaRuntimeStandIn}: a JVM zip unzipped with classes at the root and {@code lib/*.jar} on the class path,
 * AWS's Runtime Interface Client as the main class and Quarkus's stream handler as the handler; a native zip by
 * starting its {@code bootstrap}, as {@code provided.al2023} does.
 */
public final class PackagedFunction implements AutoCloseable {

    public static final String HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest";
    private static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final Path taskDir;
    private final Process process;
    private final Path log;

    private PackagedFunction(Path taskDir, Process process, Path log) {
        this.taskDir = taskDir;
        this.process = process;
        this.log = log;
    }

    /**
     * Unzips {@code zip} and starts it.
     *
     * @param runtimeClient the directory holding the Runtime Interface Client jars
     * @param environment the function's environment (AWS_LAMBDA_RUNTIME_API is added from {@code runtime})
     */
    public static PackagedFunction start(Path zip, Path runtimeClient, LambdaRuntimeStandIn runtime,
            Map<String, String> environment, List<String> jvmOptions) throws IOException {
        Path taskDir = Files.createTempDirectory("lambda-task");
        unzip(zip.toAbsolutePath(), taskDir);
        List<String> command = new ArrayList<>();
        Path bootstrap = taskDir.resolve("bootstrap");
        if (Files.exists(bootstrap)) {
            // A native build (-Dnative): the executable polls the Runtime API by itself, as on provided.al2023.
            bootstrap.toFile().setExecutable(true);
            command.add(bootstrap.toString());
        } else {
            String classPath = String.join(java.io.File.pathSeparator, taskDir.toString(),
                    taskDir.resolve("lib") + "/*",
                    runtimeClient.toAbsolutePath() + "/*");
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", classPath, RIC_MAIN, HANDLER));
        }
        Path log = taskDir.resolve("function.log");
        return new PackagedFunction(taskDir, inLambdaEnvironment(command, runtime, environment, log)
                .directory(taskDir.toFile()).start(), log);
    }

    /**
     * A function process as Lambda starts one: this machine's fal and Quarkus settings dropped, {@code environment}
     * and the Runtime API's address set, Lambda's own variables filled in, its output to {@code log}.
     */
    public static ProcessBuilder inLambdaEnvironment(List<String> command, LambdaRuntimeStandIn runtime,
            Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("FAL_") || name.startsWith("QUARKUS_"));
        builder.environment().putAll(environment);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", runtime.address());
        builder.environment().putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", "remix");
        builder.environment().putIfAbsent("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        builder.environment().putIfAbsent("AWS_REGION", "us-east-1");
        builder.environment().putIfAbsent("DISABLE_SIGNAL_HANDLERS", "true");
        return builder;
    }

    /** What the function printed so far (its log), for assertions and failure messages. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    public Process process() {
        return process;
    }

    /** The function's JSON log lines so far (its EMF lines, JSON too, left out). */
    public List<JsonNode> logLines() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output().lines().toList()) {
            if (line.startsWith("{") && !EmfDocuments.isEmf(line)) {
                try {
                    lines.add(Fixtures.MAPPER.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("A log line is not one JSON object: " + line, e);
                }
            }
        }
        return lines;
    }

    /** The function's EMF documents so far, each checked against the specification. */
    public EmfDocuments metrics() {
        return EmfDocuments.fromLines(output().lines().toList());
    }

    /** The file the function's output goes to. */
    public Path log() {
        return log;
    }

    /** Whether the zip held a native {@code bootstrap} rather than JVM classes. */
    public boolean isNative() {
        return Files.exists(taskDir.resolve("bootstrap"));
    }

    /** Waits for an outcome, failing at once (with the function's output) if the process dies first. */
    public <T> T await(java.util.concurrent.CompletableFuture<T> outcome, java.time.Duration timeout)
            throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            try {
                return outcome.get(100, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (!process.isAlive()) {
                    throw new AssertionError("the function exited with " + process.exitValue() + ":\n" + output());
                }
            }
        }
        throw new AssertionError("no answer from the function within " + timeout + "; its output:\n" + output());
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(in, out);
                }
            }
        }
    }

    /** Kills the process at once (SIGKILL), as a crash or Lambda's hard timeout does: nothing runs after it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteTree(taskDir);
    }

    /** Removes a directory and everything under it (an unpacked zip, a work directory). */
    public static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
