package dev.characterremix.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.characterremix.testing.LambdaRuntimeStandIn;
import dev.characterremix.testing.PackagedFunction;

/**
 * A candidate third deployment mode, built and timed, not shipped: {@code provided.al2023} with a JDK 25 runtime
 * trimmed by {@code jlink} inside the zip, a jar-only class path (the zip's root classes moved into
 * {@code lib/app.jar}, AWS's runtime client bundled) and an AOT cache (JEP 483/514/515) made by that same runtime in a
 * training run at package time, started by a {@code bootstrap} script. Against it: the zip as the managed
 * {@code java25} runtime runs it (a directory on the class path, which the AOT cache refuses). Bench-only.
 */
final class JlinkAotMode {

    private final Path jdk;
    private final Path work;
    final Path plain;
    final Path jarOnly;
    final Path runtime;
    final Path cache;
    final Map<String, Double> buildSeconds = new java.util.LinkedHashMap<>();
    String modules;

    private JlinkAotMode(Path jdk, Path work) {
        this.jdk = jdk;
        this.work = work;
        this.plain = work.resolve("plain");
        this.jarOnly = work.resolve("jar-only");
        this.runtime = work.resolve("runtime");
        this.cache = work.resolve("app.aot");
    }

    /** A JDK 25 to build with: {@code -Dbench.jdk25}, else one under /usr/lib/jvm. */
    static Optional<Path> findJdk25() throws IOException {
        String configured = System.getProperty("bench.jdk25", "");
        if (!configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> found = Files.list(jvms)) {
            return found.filter(dir -> dir.getFileName().toString().matches(".*-25(\\..*|-.*)?")
                    && Files.isExecutable(dir.resolve("bin/jlink"))).sorted().findFirst();
        }
    }

    /** Unpacks the zip both ways, trims a runtime with jlink and trains the AOT cache on {@code event}. */
    static JlinkAotMode build(Path jdk, Path zip, Path runtimeClient, Map<String, String> env, String event,
            List<String> jvm) throws Exception {
        JlinkAotMode mode = new JlinkAotMode(jdk, Files.createTempDirectory("jlink-aot"));
        long start = System.nanoTime();
        run(mode.work, "unzip", "-q", zip.toString(), "-d", mode.plain.toString());
        Path lib = Files.createDirectories(mode.jarOnly.resolve("lib"));
        List<String> jar = new ArrayList<>(List.of(jdk.resolve("bin/jar").toString(), "--create", "--file",
                lib.resolve("app.jar").toString()));
        try (Stream<Path> root = Files.list(mode.plain)) {
            root.filter(path -> !path.getFileName().toString().equals("lib"))
                    .forEach(path -> jar.add(path.getFileName().toString()));
        }
        run(mode.plain, jar.toArray(String[]::new));
        for (Path dir : List.of(mode.plain.resolve("lib"), runtimeClient)) {
            try (Stream<Path> jars = Files.list(dir)) {
                for (Path each : jars.filter(path -> path.toString().endsWith(".jar")).toList()) {
                    Files.copy(each, lib.resolve(each.getFileName()));
                }
            }
        }
        mode.buildSeconds.put("unpack", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        String deps = run(mode.work, jdk.resolve("bin/jdeps").toString(), "--print-module-deps",
                "--ignore-missing-deps",
                "--multi-release", "25", "--class-path", lib + "/*", lib.resolve("app.jar").toString()).strip();
        // jdeps sees the code's imports; TLS to fal and AWS needs the providers, log levels the logging module.
        mode.modules = deps.lines().reduce((a, b) -> b).orElse("java.base") + ",java.logging,jdk.crypto.cryptoki,"
                + "jdk.localedata,jdk.zipfs";
        run(mode.work, jdk.resolve("bin/jlink").toString(), "--add-modules", mode.modules, "--strip-debug",
                "--no-man-pages", "--no-header-files", "--compress=zip-6", "--output", mode.runtime.toString());
        mode.buildSeconds.put("jdeps + jlink", (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        mode.train(env, event, jvm);
        mode.buildSeconds.put("AOT training run", (System.nanoTime() - start) / 1e9);
        return mode;
    }

    /** One run that records what the application loads and links, written as the AOT cache when the JVM exits. */
    private void train(Map<String, String> env, String event, List<String> jvm) throws Exception {
        List<String> options = new ArrayList<>(jvm);
        options.add("-XX:AOTCacheOutput=" + cache);
        try (LambdaRuntimeStandIn api = new LambdaRuntimeStandIn()) {
            Process process = start(runtime.resolve("bin/java"), jarOnly.resolve("lib") + "/*", options, env, api,
                    work.resolve("training.log"));
            for (int i = 0; i < 5; i++) {
                var outcome = api.invoke(event).get(120, TimeUnit.SECONDS);
                if (outcome.failed()) {
                    throw new IllegalStateException("training invocation failed: " + outcome.body());
                }
            }
            // A normal exit (SIGTERM runs the shutdown) is when the JVM writes the cache.
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (!Files.exists(cache)) {
            throw new IllegalStateException("no AOT cache written:\n" + Files.readString(work.resolve("training.log")));
        }
    }

    /** The class path the managed java runtime uses: the task directory, its lib/*, the runtime client. */
    String plainClassPath(Path runtimeClient) {
        return String.join(File.pathSeparator, plain.toString(), plain.resolve("lib") + "/*", runtimeClient + "/*");
    }

    long bytes(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            return Files.size(path);
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    void delete() {
        PackagedFunction.deleteTree(work);
    }

    /** Starts a function process as PackagedFunction does, with any java and class path. */
    static Process start(Path java, String classPath, List<String> options, Map<String, String> env,
            LambdaRuntimeStandIn api, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(options);
        command.addAll(List.of("-cp", classPath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                PackagedFunction.HANDLER));
        return PackagedFunction.inLambdaEnvironment(command, api, env, log).start();
    }

    /** Process start → first answer of one fresh function process. */
    static double coldStart(Path java, String classPath, List<String> options, Map<String, String> env, String event,
            Path log) throws Exception {
        try (LambdaRuntimeStandIn api = new LambdaRuntimeStandIn()) {
            var outcome = api.invoke(event);
            long start = System.nanoTime();
            Process process = start(java, classPath, options, env, api, log);
            try {
                var done = outcome.get(120, TimeUnit.SECONDS);
                if (done.failed()) {
                    throw new IllegalStateException("failed: " + done.body() + "\n" + Files.readString(log));
                }
                return (done.answeredAtNanos() - start) / 1e6;
            } finally {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String run(Path dir, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    Path jdk() {
        return jdk;
    }
}
