package dev.characterremix.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.characterremix.testing.PackagedFunction;

/**
 * SnapStart, emulated with CRIU: an execution environment ({@link SnapEnvironment}: the Runtime API and the packaged
 * function under AWS's runtime client) is started with {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, runs its
 * init and priming, and is checkpointed whole once the function waits in {@code restore/next}, as Lambda snapshots a
 * function's microVM after init. Each restore is a new environment: the time from {@code criu restore} to the first
 * answer is what SnapStart's restore costs here. Needs a CRIU of 4.1 or later (Debian's 3.17 fails its vDSO check on
 * these kernels) and root. Bench-only.
 */
final class SnapStartEmulation {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the application's SnapStart hooks log (dev.characterremix.job.SnapStartHooks). */
    static final String BEFORE_CHECKPOINT = "SnapStart: init and priming done, taking the snapshot";
    static final String AFTER_RESTORE = "SnapStart: restored from the snapshot";

    private final Path criu;
    private final Path runtimeClient;

    private SnapStartEmulation(Path criu, Path runtimeClient) {
        this.criu = criu;
        this.runtimeClient = runtimeClient;
    }

    /** The emulation, with {@code -Dbench.criu} or a {@code criu} on the PATH that is 4.1 or later; else empty. */
    static Optional<SnapStartEmulation> find(Path runtimeClient) {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("bench.criu", "");
        if (!configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(dir, "criu"));
        }
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate) && recentEnough(candidate)) {
                return Optional.of(new SnapStartEmulation(candidate, runtimeClient));
            }
        }
        return Optional.empty();
    }

    private static boolean recentEnough(Path criu) {
        try {
            Process version = new ProcessBuilder(criu.toString(), "--version").redirectErrorStream(true).start();
            String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            version.waitFor(10, TimeUnit.SECONDS);
            var match = java.util.regex.Pattern.compile("Version: (\\d+)\\.(\\d+)").matcher(text);
            return match.find() && (Integer.parseInt(match.group(1)) > 4
                    || Integer.parseInt(match.group(1)) == 4 && Integer.parseInt(match.group(2)) >= 1);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * One answer: the function's body, the time from the start (of the process, or of the restore) to it, and of that
     * the function's part: from the event reaching the environment (restored and running again) to the answer.
     */
    record Answer(String body, double millis, double functionMillis) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    /** An environment started afresh, without a snapshot: process start → first answer. */
    Answer fresh(Path zip, Map<String, String> environment, List<String> jvm, Path event) throws Exception {
        Path work = Files.createTempDirectory("snap-fresh");
        Process process = start(work, zip, environment, jvm, false);
        long start = System.nanoTime();
        try {
            JsonNode answer = invoke(work, event, process);
            return new Answer(answer.path("body").asText(), (System.nanoTime() - start) / 1e6,
                    answer.path("functionMillis").asDouble());
        } finally {
            stop(work);
            process.waitFor(30, TimeUnit.SECONDS);
            deleteEnvironment(work);
        }
    }

    /** The function's log, in the directory its zip is unpacked to (SnapEnvironment writes where). */
    private static Path functionLog(Path work) throws IOException {
        return Path.of(Files.readString(work.resolve("function.log.path")));
    }

    /** Removes an environment's unpacked zip and its work directory (images included). */
    private static void deleteEnvironment(Path work) throws IOException {
        PackagedFunction.deleteTree(functionLog(work).getParent());
        PackagedFunction.deleteTree(work);
    }

    /**
     * Starts an environment in snap-start mode and checkpoints it once it waits to be restored. {@code outsidePort}:
     * a server outside the tree (fal); the connections the tree holds to it at the snapshot are counted, since each
     * would be restored into every environment at once.
     */
    Snapshot snapshot(Path zip, Map<String, String> environment, List<String> jvm, int outsidePort) throws Exception {
        Path work = Files.createTempDirectory("snap-start");
        Process process = start(work, zip, environment, jvm, true);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(work.resolve("ready"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the environment did not reach restore/next:\n"
                        + Files.readString(work.resolve("environment.log")));
            }
            Thread.sleep(20);
        }
        int toOutside = established(process.pid(), outsidePort);
        List<Long> tree = new ArrayList<>(List.of(process.pid()));
        process.descendants().forEach(child -> tree.add(child.pid()));
        Path images = Files.createDirectories(work.resolve("images"));
        // --tcp-established: the function's connection to the Runtime API is inside the tree; nothing outside it is
        // connected (priming closes its fal connection). The dump stops and removes the tree.
        run(List.of(criu.toString(), "dump", "-t", Long.toString(process.pid()), "-D", images.toString(),
                "--tcp-established", "--network-lock", "skip", "-o", "dump.log", "-v2"), images, "dump");
        process.waitFor(30, TimeUnit.SECONDS);
        awaitGone(tree);
        return new Snapshot(work, images, toOutside, tree);
    }

    /** A restore needs every pid of the tree free again: waits until the stopped processes are reaped. */
    private static void awaitGone(List<Long> tree) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (tree.stream().anyMatch(pid -> Files.exists(Path.of("/proc", Long.toString(pid))))
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /** Established TCP connections to {@code port} held by the tree of {@code pid} (its network namespace's table). */
    private static int established(long pid, int port) throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        List<Long> tree = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(root -> root.descendants().forEach(child -> tree.add(child.pid())));
        for (long member : tree) {
            try (var fds = Files.list(Path.of("/proc", Long.toString(member), "fd"))) {
                fds.forEach(fd -> {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            inodes.add(target.substring(8, target.length() - 1));
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                });
            }
        }
        String hexPort = String.format(":%04X", port);
        int count = 0;
        for (String table : List.of("tcp", "tcp6")) {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table))) {
                String[] fields = line.trim().split("\\s+");
                // local_address rem_address st ... inode (field 9); 01 = ESTABLISHED
                if (fields.length > 9 && fields[2].endsWith(hexPort) && fields[3].equals("01")
                        && inodes.contains(fields[9])) {
                    count++;
                }
            }
        }
        return count;
    }

    /** The files the tree writes to: a restore wants each back at its size at the dump. */
    private static List<Path> logs(Path work) throws IOException {
        return List.of(work.resolve("environment.log"), functionLog(work));
    }

    /** A checkpointed environment; each {@link #restore(Path)} starts one more environment from it. */
    final class Snapshot {
        final Path work;
        final Path images;

        final Map<Path, Long> logSizes = new java.util.HashMap<>();
        /** Connections to the outside server (fal) that went into the snapshot: 0, or each restore reuses them. */
        final int toOutside;

        final List<Long> tree;

        Snapshot(Path work, Path images, int toOutside, List<Long> tree) throws IOException {
            this.work = work;
            this.images = images;
            this.toOutside = toOutside;
            this.tree = tree;
            for (Path log : logs(work)) {
                logSizes.put(log, Files.size(log));
            }
        }

        /** Removes the images and the unpacked zip (a snapshot holds a few hundred MB). */
        void delete() throws IOException {
            deleteEnvironment(work);
        }

        /** How many restored environments logged the application's after-restore hook. */
        int afterRestoreHooks;

        /** Whether the application's before-checkpoint hook ran before the dump. */
        boolean beforeCheckpointHook() throws IOException {
            return functionLog().contains(BEFORE_CHECKPOINT);
        }

        private String functionLog() throws IOException {
            return Files.readString(SnapStartEmulation.functionLog(work));
        }

        long imageBytes() throws IOException {
            try (var files = Files.walk(images)) {
                return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
            }
        }

        /** Restores the environment, sends it {@code event}, and stops it: restore start → first answer. */
        Answer restore(Path event) throws Exception {
            for (var log : logSizes.entrySet()) {
                try (var file = new java.io.RandomAccessFile(log.getKey().toFile(), "rw")) {
                    file.setLength(log.getValue());
                }
            }
            long start = System.nanoTime();
            Process restore = new ProcessBuilder(criu.toString(), "restore", "-D", images.toString(),
                    "--tcp-established", "--network-lock", "skip", "-o", "restore.log", "-v2")
                    .redirectErrorStream(true).redirectOutput(work.resolve("restore.out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            try {
                JsonNode answer = invoke(work, event, restore);
                double millis = (System.nanoTime() - start) / 1e6;
                if (functionLog().contains(AFTER_RESTORE)) {
                    afterRestoreHooks++;
                }
                return new Answer(answer.path("body").asText(), millis, answer.path("functionMillis").asDouble());
            } finally {
                stop(work);
                if (!restore.waitFor(30, TimeUnit.SECONDS)) {
                    restore.destroyForcibly();
                }
                awaitGone(tree);
            }
        }
    }

    private Process start(Path work, Path zip, Map<String, String> environment, List<String> jvm, boolean snapStart)
            throws IOException {
        Properties properties = new Properties();
        properties.putAll(environment);
        if (snapStart) {
            properties.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
        }
        try (var out = Files.newOutputStream(work.resolve("environment.properties"))) {
            properties.store(out, null);
        }
        List<String> command = new ArrayList<>(List.of("setsid",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-Dsun.net.httpserver.nodelay=true", "-cp", System.getProperty("java.class.path"),
                SnapEnvironment.class.getName(), work.toString(), zip.toString(), runtimeClient.toString()));
        // The function JVM: no perf-data file (a mapped file in /tmp a restore would need back as it was); and, as
        // Lambda's managed Java runtimes do, org.crac pointed at the runtime client's hooks.
        command.add("-XX:-UsePerfData");
        if (snapStart) {
            command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        }
        command.addAll(jvm);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("environment.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /** Sends one event over the control port (retrying until it listens) and returns the environment's answer. */
    private static JsonNode invoke(Path work, Path event, Process watched) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            Path portFile = work.resolve("control.port");
            if (Files.exists(portFile) && !Files.readString(portFile).isBlank()) {
                int port = Integer.parseInt(Files.readString(portFile).strip());
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                        var writer = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
                        var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                                StandardCharsets.UTF_8))) {
                    writer.println(event.toString());
                    String line = reader.readLine();
                    if (line == null) {
                        throw new IllegalStateException("the environment closed the control connection");
                    }
                    JsonNode answer = JSON.readTree(line);
                    if (answer.path("failed").asBoolean()) {
                        throw new IllegalStateException("the function failed: " + answer.path("body").asText()
                                + "\n" + answer.path("output").asText());
                    }
                    return answer;
                } catch (ConnectException notYet) {
                    // Not listening yet (a fresh start), or not restored yet.
                }
            }
            if (!watched.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("no answer from " + work + ":\n" + log(work));
            }
            Thread.sleep(2);
        }
    }

    private static void stop(Path work) {
        try {
            int port = Integer.parseInt(Files.readString(work.resolve("control.port")).strip());
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                    var writer = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
                writer.println("STOP");
            }
        } catch (IOException | RuntimeException e) {
            // Already gone.
        }
    }

    private static String log(Path work) {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("environment.log", "restore.out", "images/restore.log", "images/dump.log")) {
            try {
                String content = Files.readString(work.resolve(name));
                text.append("--- ").append(name).append('\n')
                        .append(content.length() > 4000 ? content.substring(content.length() - 4000) : content);
            } catch (IOException e) {
                // not written
            }
        }
        return text.toString();
    }

    private static void run(List<String> command, Path dir, String what) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            String logText = "";
            try {
                String full = Files.readString(dir.resolve(what + ".log"));
                logText = full.length() > 6000 ? full.substring(full.length() - 6000) : full;
            } catch (IOException e) {
                // no log
            }
            throw new IllegalStateException("criu " + what + " failed: " + output + "\n" + logText);
        }
    }
}
